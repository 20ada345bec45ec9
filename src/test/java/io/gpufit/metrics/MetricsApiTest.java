package io.gpufit.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code /actuator/prometheus} after real requests: the service's own {@code gpufit_*} meters move by
 * what each request did, and {@code http_server_requests} has histogram buckets. The context is shared
 * with other tests, so every check is a difference between two scrapes; each body is one no other test
 * sends, so the response cache cannot answer it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsApiTest {

    /** Llama 3.2 1B as a nominal 1B in FP16 (the README's worked example) at batch 3 x 251 tokens. */
    private static final String FITS = "{\"parametersBillions\": 1, \"weightDtype\": \"fp16\", \"numLayers\": 16, "
            + "\"numAttentionHeads\": 32, \"numKeyValueHeads\": 8, \"headDim\": 64, \"batchSize\": 3, "
            + "\"sequenceLength\": 251, \"gpus\": [\"p100-pcie-16gb\", \"a40\"]}";

    @LocalServerPort
    int port;

    private int post(String path, String body) {
        return given().port(port)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(path)
                .then()
                .extract()
                .statusCode();
    }

    @Test
    void anEstimateThatFitsCountsItsEngineOutcomeAndGpu() {
        Scrape before = Scrape.of(port);

        assertThat(post("/estimate", FITS)).isEqualTo(200);

        Scrape after = Scrape.of(port);
        String estimates = "gpufit_estimates_total";
        assertThat(after.value(estimates, "engine=textbook", "outcome=fits")
                        - before.value(estimates, "engine=textbook", "outcome=fits"))
                .isEqualTo(1);
        // 2.0 GB of weights + 3 x 251 x 32,768 B of KV cache fit both; the P100 is the smaller card
        String recommendations = "gpufit_recommendations_total";
        assertThat(after.value(recommendations, "gpu=p100-pcie-16gb")
                        - before.value(recommendations, "gpu=p100-pcie-16gb"))
                .isEqualTo(1);
    }

    @Test
    void engineAndOutcomeAreTheEstimatesOwn() {
        Scrape before = Scrape.of(port);

        // vLLM: Llama 3.2 1B from the catalog fits an H100
        assertThat(post(
                        "/estimate",
                        "{\"model\": \"meta-llama/Llama-3.2-1B\", \"batchSize\": 3, "
                                + "\"sequenceLength\": 253, \"gpus\": [\"h100\"], \"engine\": {\"name\": \"vllm\"}}"))
                .isEqualTo(200);
        // 1,000 B parameters in FP16 are 2 TB of weights: no single T4 holds them
        assertThat(post(
                        "/estimate",
                        FITS.replace("\"parametersBillions\": 1", "\"parametersBillions\": 1000")
                                .replace("[\"p100-pcie-16gb\", \"a40\"]", "[\"t4\"]")))
                .isEqualTo(200);
        // an unknown weight format is the application's to refuse
        assertThat(post("/estimate", FITS.replace("fp16", "fp12"))).isEqualTo(400);

        Scrape after = Scrape.of(port);
        String name = "gpufit_estimates_total";
        assertThat(after.value(name, "engine=vllm", "outcome=fits") - before.value(name, "engine=vllm", "outcome=fits"))
                .isEqualTo(1);
        assertThat(after.value(name, "engine=textbook", "outcome=no_fit")
                        - before.value(name, "engine=textbook", "outcome=no_fit"))
                .isEqualTo(1);
        assertThat(after.value(name, "engine=textbook", "outcome=invalid")
                        - before.value(name, "engine=textbook", "outcome=invalid"))
                .isEqualTo(1);
    }

    @Test
    void aPlanCountsItselfItsScenariosAndEachOfTheirEstimates() {
        Scrape before = Scrape.of(port);

        String scenario = "{\"request\": " + FITS.replace("\"batchSize\": 3", "\"batchSize\": 5") + "}";
        String other = "{\"request\": " + FITS.replace("\"batchSize\": 3", "\"batchSize\": 6") + "}";
        assertThat(post("/plan", "{\"scenarios\": [" + scenario + ", " + other + "]}"))
                .isEqualTo(200);

        Scrape after = Scrape.of(port);
        assertThat(after.value("gpufit_plan_scenarios_count") - before.value("gpufit_plan_scenarios_count"))
                .isEqualTo(1);
        assertThat(after.value("gpufit_plan_scenarios_sum") - before.value("gpufit_plan_scenarios_sum"))
                .isEqualTo(2);
        assertThat(after.value("gpufit_estimates_total", "engine=textbook", "outcome=fits")
                        - before.value("gpufit_estimates_total", "engine=textbook", "outcome=fits"))
                .isEqualTo(2);
    }

    @Test
    void refusalsAreCountedByStatusAndProblemType() {
        Scrape before = Scrape.of(port);

        assertThat(post("/estimate", FITS.replace("\"batchSize\": 3", "\"batchSize\": 0")))
                .isEqualTo(400);
        assertThat(post("/estimate", "{\"batchSize\": ")).isEqualTo(400);
        assertThat(given().port(port)
                        .when()
                        .get("/no-such-page")
                        .then()
                        .extract()
                        .statusCode())
                .isEqualTo(404);
        assertThat(given().port(port)
                        .contentType(ContentType.TEXT)
                        .body("batchSize=4")
                        .when()
                        .post("/estimate")
                        .then()
                        .extract()
                        .statusCode())
                .isEqualTo(415);

        Scrape after = Scrape.of(port);
        String name = "gpufit_requests_refused_total";
        String invalid = "type=urn:gpu-fit:problem:invalid-request";
        assertThat(after.value(name, "status=400", invalid) - before.value(name, "status=400", invalid))
                .isEqualTo(2);
        assertThat(after.value(name, "status=404", "type=about:blank")
                        - before.value(name, "status=404", "type=about:blank"))
                .isEqualTo(1);
        assertThat(after.value(name, "status=415", "type=about:blank")
                        - before.value(name, "status=415", "type=about:blank"))
                .isEqualTo(1);
    }

    @Test
    void httpServerRequestsHaveHistogramBucketsAndEveryNameIsThere() {
        assertThat(post("/estimate", FITS.replace("\"batchSize\": 3", "\"batchSize\": 7")))
                .isEqualTo(200);

        Scrape scrape = Scrape.of(port);

        assertThat(scrape.text())
                .contains("http_server_requests_seconds_bucket{")
                .contains("gpufit_estimates_total{")
                .contains("gpufit_recommendations_total{")
                .contains("gpufit_plan_scenarios_count")
                .contains("gpufit_hub_cache_hits_total")
                .contains("tomcat_threads_busy_threads{")
                .contains("application=\"gpu-fit\"");
        assertThat(scrape.text()
                        .lines()
                        .filter(l -> l.startsWith("http_server_requests_seconds_bucket{"))
                        .filter(l -> l.contains("uri=\"/estimate\"") && l.contains("status=\"200\""))
                        .filter(l -> l.contains("le=\"+Inf\"")))
                .hasSize(1);
    }
}
