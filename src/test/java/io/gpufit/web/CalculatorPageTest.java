package io.gpufit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calculator page at {@code /}, in a real headless Chromium driven by Selenium: Debian's {@code chromium}
 * and {@code chromium-driver} (CI's {@code .ci/run} installs them; override the paths with
 * {@code -Dbrowser.binary=} and {@code -Dbrowser.driver=}). One browser for the class. Each test saves a
 * screenshot of the whole page under {@code target/screenshots/}, and fails on any error the page logs
 * (a script error, a refused Content-Security-Policy, a failed request) other than the 400s it asked for.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CalculatorPageTest {

    /** The README's worked example: 1B parameters in FP16, 4 x 256 tokens, against four GPUs. */
    static final String SEED = "/?parametersBillions=1&weightDtype=fp16&numLayers=16&numAttentionHeads=32"
            + "&numKeyValueHeads=8&headDim=64&batchSize=4&sequenceLength=256"
            + "&gpus=p100-pcie-16gb,a40,a100-pcie-40gb,a100-sxm4-80gb";

    static final int DESKTOP = 1280;
    static final int PHONE = 390;
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static ChromeDriver browser;
    private static WebDriverWait wait;

    @LocalServerPort
    int port;

    private boolean expect400;

    @BeforeAll
    static void startBrowser() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        String binary = System.getProperty("browser.binary", onPath("chromium"));
        String driver = System.getProperty("browser.driver", onPath("chromedriver"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--lang=en-US",
                "--window-size=" + DESKTOP + ",900");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driver))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class); // the page re-renders its results
    }

    private static String onPath(String command) {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(command
                        + " is not on the PATH: install Debian's chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver), as .ci/run does"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void desktopWidth() {
        browser.manage().window().setSize(new Dimension(DESKTOP, 900));
        expect400 = false;
    }

    @AfterEach
    void screenshotAndConsole(TestInfo test) throws IOException {
        int width = browser.manage().window().getSize().getWidth();
        screenshot(test.getTestMethod().orElseThrow().getName() + (width <= PHONE ? "-phone" : ""));
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !(expect400 && message.contains("status of 400")))
                .toList();
        assertThat(errors).as("errors in the browser's console").isEmpty();
    }

    // ------------------------------------------------------------------ the tests

    /** 2,000,000,000 B of weights (1e9 x 2 B) + 4 x 256 x 32,768 B of KV cache = 2,033,554,432 B; the P100. */
    @Test
    void theSeedLinkShowsTheTotalAndTheP100() {
        open(SEED);
        assertThat(text("#total-bytes")).startsWith("2,033,554,432 B").contains("2.03 GB (1.89 GiB)");
        assertThat(text("#weights-bytes")).startsWith("2,000,000,000 B");
        assertThat(text("#kv-bytes")).startsWith("33,554,432 B").contains("32,768 B per token");
        WebElement recommended = find("#recommendation .rec-gpu strong");
        assertThat(recommended.getAttribute("data-gpu")).isEqualTo("p100-pcie-16gb");
        assertThat(recommended.getText()).contains("P100");
        assertThat(text("#recommendation")).contains("12,366,445,568 B"); // 14.4e9 budget - 2,033,554,432 B
        assertThat(text("#derivation"))
                .contains("Total = 2,000,000,000 B weights + 33,554,432 B KV cache = 2,033,554,432 B (2.03 GB)");
        assertThat(browser.findElements(By.cssSelector("#candidates > li"))).hasSize(4);
        assertThat(browser.findElements(By.cssSelector("#candidates svg.bar"))).hasSize(4);
        assertThat(browser.findElements(By.cssSelector("#seq-plot svg.seq path.series")))
                .hasSize(4);
        assertThat(text("#curl"))
                .startsWith("curl -s 'http://localhost:" + port + "/estimate'")
                .contains("\"batchSize\":4")
                .contains("\"gpus\":[\"p100-pcie-16gb\",\"a40\",\"a100-pcie-40gb\",\"a100-sxm4-80gb\"]");
        assertThat(find("a[href='swagger-ui.html']").isDisplayed()).isTrue();
    }

    /** Batch 8: the KV cache doubles to 67,108,864 B, the total is 2,067,108,864 B; address and chart follow. */
    @Test
    void changingTheBatchSizeUpdatesTheResultTheChartAndTheAddress() {
        open(SEED);
        String chartBefore = find("#seq-table").getDomProperty("textContent");
        assertThat(chartBefore).contains("2,033,554,432 B × 1 fits"); // at 256 tokens, per GPU = the total
        assertThat(find("#seq-chart").getAttribute("data-batch-size")).isEqualTo("4");

        type("batchSize", "8");

        wait.until(b -> query().get("batchSize").equals("8")
                && "8".equals(find("#seq-chart").getAttribute("data-batch-size"))
                && "ready".equals(find("#seq-chart").getAttribute("data-state")));
        assertThat(text("#total-bytes")).startsWith("2,067,108,864 B");
        assertThat(find("#seq-table").getDomProperty("textContent"))
                .contains("2,067,108,864 B × 1 fits")
                .isNotEqualTo(chartBefore);
        assertThat(text("#seq-caption")).contains("for batch 8");
        assertThat(query())
                .containsEntry("parametersBillions", "1")
                .containsEntry("sequenceLength", "256")
                .containsEntry("gpus", "p100-pcie-16gb,a40,a100-pcie-40gb,a100-sxm4-80gb");

        browser.navigate().refresh();
        waitUntilReady();
        assertThat(find("#f-batchSize").getAttribute("value")).isEqualTo("8");
        assertThat(text("#total-bytes")).startsWith("2,067,108,864 B");
    }

    /** A batch of 0 is refused by the API naming batchSize: the message appears under that field. */
    @Test
    void anInvalidValueShowsTheApisErrorNextToItsField() throws IOException {
        expect400 = true;
        open(SEED);
        type("batchSize", "0");

        wait.until(b -> "error".equals(find("#results").getAttribute("data-state")));
        WebElement error = find("#e-batchSize");
        assertThat(error.isDisplayed()).isTrue();
        assertThat(error.getText()).isNotBlank().contains("(given: 0)");
        assertThat(find("#f-batchSize").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(find("#error-summary").getText()).contains("batchSize");
        assertThat(find("#output").isDisplayed()).isFalse();
        assertThat(query()).containsEntry("batchSize", "0");
        assertThat(browser.findElements(By.cssSelector(".field-error:not([hidden])")))
                .hasSize(1);
        screenshot("anInvalidValueShowsTheApisErrorNextToItsField-error");

        type("batchSize", "4");
        waitUntilReady();
        assertThat(find("#e-batchSize").isDisplayed()).isFalse();
        assertThat(find("#f-batchSize").getAttribute("aria-invalid")).isNull();
    }

    /** The vLLM link: the page shows the KV cache tokens the API computes for the recommended GPU. */
    @Test
    void aModelLinkWithVllmShowsKvCacheTokens() throws Exception {
        open("/?model=meta-llama/Llama-3.1-8B-Instruct&batchSize=32&sequenceLength=8192&engine=vllm");
        JsonNode answer = estimate("{\"model\": \"meta-llama/Llama-3.1-8B-Instruct\", \"batchSize\": 32,"
                + " \"sequenceLength\": 8192, \"engine\": {\"name\": \"vllm\"}}");
        String gpu = answer.path("recommendation").path("gpu").asString();
        long tokens = 0;
        for (JsonNode candidate : answer.path("candidates")) {
            if (candidate.path("gpu").asString().equals(gpu)) {
                tokens = candidate.path("serving").path("kvCacheTokens").asLong();
            }
        }
        assertThat(tokens).isPositive();
        assertThat(find("#recommendation .rec-gpu strong").getAttribute("data-gpu"))
                .isEqualTo(gpu);
        assertThat(text("#recommendation")).contains("KV cache (vLLM)").contains("%,d tokens".formatted(tokens));
        assertThat(new org.openqa.selenium.support.ui.Select(find("#f-engine"))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo("vllm");
        assertThat(find("#f-engine\\.tensorParallelSize").isDisplayed()).isTrue();
        assertThat(find("#f-memoryUtilization").isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("#candidates rect.seg-activation")))
                .isNotEmpty();
    }

    /**
     * vLLM's settings under their API names ({@code engine.version} ...): Llama 3.1 8B on one H100 as in the
     * README's vLLM 0.19 logs gets a KV cache of 475,888 tokens (62,377,162,342 B / (131,072 B x 16) blocks).
     */
    @Test
    void engineSettingsInTheAddressReachTheApi() {
        open("/?model=meta-llama/Llama-3.1-8B&batchSize=32&sequenceLength=8192&engine=vllm&engine.version=0.19"
                + "&engine.gpuMemoryUtilization=0.95&engine.maxModelLen=8192&engine.maxNumSeqs=1024"
                + "&engine.maxNumBatchedTokens=8192&gpus=h100-sxm5-80gb");
        assertThat(text("#recommendation")).contains("H100").contains("475,888 tokens");
        assertThat(find("#f-engine\\.version").getAttribute("value")).isEqualTo("0.19");
        assertThat(text("#curl"))
                .contains("\"engine\":{\"name\":\"vllm\",\"version\":\"0.19\",\"gpuMemoryUtilization\":0.95");
    }

    /**
     * A pasted config.json (the README's cut-down Qwen2): 24 layers x 2 (K and V) x 2 KV heads x 64 (896 / 14) x
     * 2 B (bf16) = 12,288 B per token; 8 x 4,096 tokens = 402,653,184 B. The config goes into the address.
     */
    @Test
    void aPastedConfigIsEstimatedAndKeptInTheAddress() {
        open("/?model=meta-llama/Llama-3.2-1B&batchSize=8&sequenceLength=4096&gpus=t4,a100-sxm4-80gb");
        find("input[name='source'][value='modelConfig']").click();
        WebElement config = find("#f-modelConfig");
        config.sendKeys("{\"model_type\": \"qwen2\", \"hidden_size\": 896, \"intermediate_size\": 4864,"
                + " \"num_hidden_layers\": 24, \"num_attention_heads\": 14, \"num_key_value_heads\": 2,"
                + " \"vocab_size\": 151936, \"tie_word_embeddings\": true, \"torch_dtype\": \"bfloat16\"}");
        wait.until(b -> query().containsKey("modelConfig") && text("#kv-bytes").startsWith("402,653,184 B"));
        assertThat(query()).doesNotContainKey("model");
        assertThat(text("#kv-bytes")).contains("12,288 B per token");
        assertThat(find("#f-model").isDisplayed()).isFalse();
    }

    /** At phone width nothing is wider than the screen, and every input has a label. */
    @Test
    void atPhoneWidthThePageFitsTheScreen() {
        browser.manage().window().setSize(new Dimension(PHONE, 844));
        open("/?model=meta-llama/Llama-3.1-8B-Instruct&batchSize=32&sequenceLength=8192&engine=vllm"
                + "&gpus=l4,a100-sxm4-80gb,h100-sxm5-80gb");
        long overflow = (Long) browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow).as("horizontal overflow in px").isZero();
        Long unlabelled =
                (Long) browser.executeScript("return [...document.querySelectorAll('input, select, textarea')]"
                        + ".filter(e => e.type !== 'hidden' && e.labels.length === 0).length");
        assertThat(unlabelled).isZero();
        WebElement chart = find("#seq-plot svg.seq");
        assertThat(chart.getSize().getWidth()).isLessThanOrEqualTo(PHONE);
    }

    /** Everything works from the keyboard: tab to the batch size, type, press Enter. */
    @Test
    void theFormWorksFromTheKeyboard() {
        open(SEED);
        WebElement batch = find("#f-batchSize");
        browser.executeScript("document.getElementById('f-sequenceLength').focus()");
        browser.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        assertThat(browser.switchTo().activeElement()).isEqualTo(batch);
        browser.switchTo().activeElement().sendKeys(Keys.chord(Keys.CONTROL, "a"), "16", Keys.ENTER);
        wait.until(b -> text("#total-bytes").startsWith("2,134,217,728 B")); // 2e9 + 16 x 256 x 32,768
        assertThat(query()).containsEntry("batchSize", "16");
    }

    // ------------------------------------------------------------------ helpers

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
        waitUntilReady();
    }

    private void waitUntilReady() {
        wait.until(b -> "ready".equals(find("#results").getAttribute("data-state"))
                && "ready".equals(find("#seq-chart").getAttribute("data-state")));
    }

    private WebElement find(String css) {
        return browser.findElement(By.cssSelector(css));
    }

    private String text(String css) {
        return find(css).getText();
    }

    /** Selects the field's text and types over it, as a user would. */
    private void type(String field, String value) {
        WebElement input = browser.findElement(By.name(field));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), value);
    }

    private Map<String, String> query() {
        String url = browser.getCurrentUrl();
        String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
        return Stream.of(query.split("&"))
                .filter(pair -> pair.contains("="))
                .collect(java.util.stream.Collectors.toMap(
                        pair -> URLDecoder.decode(pair.substring(0, pair.indexOf('=')), StandardCharsets.UTF_8),
                        pair -> URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8)));
    }

    private JsonNode estimate(String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/estimate"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }

    /** The whole page: the window is made as tall as the document for the shot. */
    private void screenshot(String name) throws IOException {
        Dimension size = browser.manage().window().getSize();
        long height = (Long) browser.executeScript("return Math.ceil(document.documentElement.scrollHeight)");
        browser.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(height + 20, 12_000)));
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(size);
    }
}
