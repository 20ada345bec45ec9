package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.PROBLEM_JSON;
import static io.gpufit.web.JsonMatchers.number;
import static io.gpufit.web.JsonMatchers.whole;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.gpufit.metrics.Scrape;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * POST /estimate with a model id that is not in the catalog, fetched from a Hugging Face Hub stand-in
 * (a MockWebServer on localhost) in a context of its own with the Hub fetch enabled.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HubApiTest {

    /**
     * A small Llama: hidden 64, intermediate 128, 2 layers, 4 heads (head dim 64 / 4 = 16), 2 KV heads,
     * vocab 1,000, untied, bfloat16.
     */
    private static final String TINY_LLAMA = """
            {
              "_name_or_path": "acme/tiny-llama",
              "architectures": ["LlamaForCausalLM"],
              "model_type": "llama",
              "hidden_size": 64,
              "intermediate_size": 128,
              "num_hidden_layers": 2,
              "num_attention_heads": 4,
              "num_key_value_heads": 2,
              "vocab_size": 1000,
              "tie_word_embeddings": false,
              "max_position_embeddings": 2048,
              "rms_norm_eps": 1e-05,
              "torch_dtype": "bfloat16"
            }
            """;

    /** The stand-in Hub; started before the context so that its port can go into the properties. */
    private static final MockWebServer HUB = new MockWebServer();
    /** Every path the stand-in was asked for. */
    private static final List<String> REQUESTED = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) throws IOException {
        if (!HUB.getStarted()) {
            HUB.setDispatcher(new StandIn());
            HUB.start();
        }
        registry.add("gpufit.hub.enabled", () -> "true");
        registry.add("gpufit.hub.base-url", () -> "http://localhost:" + HUB.getPort());
        registry.add("gpufit.hub.connect-timeout", () -> "500ms");
        registry.add("gpufit.hub.read-timeout", () -> "500ms");
    }

    @AfterAll
    static void stopHub() {
        HUB.close();
    }

    @LocalServerPort
    int port;

    private RequestSpecification api;

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).setContentType(ContentType.JSON).build();
    }

    /** Answers by model: each id stands for one behaviour of the Hub. */
    private static final class StandIn extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getTarget();
            REQUESTED.add(path);
            if (path.equals("/acme/tiny-llama/resolve/main/config.json")
                    || path.equals("/acme/metrics-llama/resolve/main/config.json")) {
                return json(200, TINY_LLAMA);
            }
            if (path.equals("/acme/headless/resolve/main/config.json")) {
                return json(200, TINY_LLAMA.replace("\"hidden_size\": 64,", ""));
            }
            if (path.equals("/acme/slow/resolve/main/config.json")) {
                return new MockResponse.Builder()
                        .code(200)
                        .headersDelay(3, TimeUnit.SECONDS)
                        .addHeader("Content-Type", "application/json")
                        .body(TINY_LLAMA)
                        .build();
            }
            if (path.equals("/acme/broken/resolve/main/config.json")) {
                return json(200, "{\"model_type\": \"llama\", \"hidden_size\": ");
            }
            if (path.equals("/acme/not-a-number/resolve/main/config.json")) {
                return json(200, "{\"model_type\": \"llama\", \"hidden_size\": NaN}");
            }
            if (path.equals("/acme/gated/resolve/main/config.json")) {
                return json(401, "{\"error\": \"Access to model acme/gated is restricted.\"}");
            }
            return json(404, "{\"error\": \"Repository not found\"}");
        }

        private static MockResponse json(int code, String body) {
            return new MockResponse.Builder()
                    .code(code)
                    .addHeader("Content-Type", "application/json")
                    .body(body)
                    .build();
        }
    }

    @Test
    void idNotInTheCatalogIsFetchedFromTheHub() {
        post("acme/tiny-llama")
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("model.id", equalTo("acme/tiny-llama"))
                .body("model.modelType", equalTo("llama"))
                .body("resolved.headDim", whole(16))
                .body("resolved.numKeyValueHeads", whole(2))
                .body("resolved.weightDtype", equalTo("bf16"))
                // embeddings 1,000 x 64 = 64,000; lm_head (untied) 64,000;
                // per layer: q 64 x 64 = 4,096 + k, v (2 x 16) x 64 = 2,048 each + o 4,096 = 12,288;
                // MLP 3 x 64 x 128 = 24,576; 2 norms 128 -> 36,992 x 2 layers = 73,984; final norm 64
                // 64,000 + 64,000 + 73,984 + 64 = 202,048
                .body("model.parameters", whole(202_048L))
                // x 2 B
                .body("weights.bytes", whole(404_096L))
                // 2 (K and V) x 2 layers x (2 KV heads x 16) x 2 B = 256
                .body("kvCache.bytesPerToken", whole(256L))
                // 1 x 100 x 256
                .body("kvCache.bytes", whole(25_600L))
                .body("total.bytes", whole(429_696L));

        // fetched once, at the Hub's path for the id; a second estimate comes from the cache
        post("ACME/Tiny-Llama").statusCode(200).body("model.parameters", whole(202_048L));
        assertThat(REQUESTED.stream().filter(p -> p.toLowerCase(Locale.ROOT).contains("tiny-llama")))
                .containsExactly("/acme/tiny-llama/resolve/main/config.json");
    }

    @Test
    void hub404IsA502SayingToPasteTheConfig() {
        expectHubProblem("acme/missing", 502)
                .body("detail", containsString("modelConfig"))
                .body("detail", containsString("acme/missing"));
    }

    @Test
    void slowHubIsA504() {
        long start = System.nanoTime();
        expectHubProblem("acme/slow", 504).body("detail", containsString("modelConfig"));
        // bounded by the configured 500 ms + 500 ms, far below the stand-in's 3 s
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_900L);
    }

    @Test
    void malformedJsonFromTheHubIsA502() {
        expectHubProblem("acme/broken", 502).body("detail", containsString("modelConfig"));
    }

    @Test
    void hub401IsA502() {
        expectHubProblem("acme/gated", 502).body("detail", containsString("modelConfig"));
    }

    /** Issue 11, defect 7: the parser's own wording ("enable `JsonReadFeature...`") is not passed on. */
    @Test
    void malformedJsonFromTheHubIsDescribedWithoutTheParsersInternals() {
        // Jackson's own message: "Non-standard token 'NaN': enable `JsonReadFeature...` to allow"
        expectHubProblem("acme/not-a-number", 502)
                .body("detail", containsString("not valid JSON"))
                .body("detail", not(containsString("`")))
                .body("detail", not(containsString("Exception")));
    }

    /** Issue 11, defect 7: a Hub failure inside a plan names the scenario it stopped at. */
    @Test
    void aHubFailureInAPlanNamesTheScenario() {
        given(api)
                .body("{\"scenarios\": [{\"name\": \"fine\", \"request\": {\"model\": \"meta-llama/Llama-3.1-8B\", "
                        + "\"batchSize\": 1, \"sequenceLength\": 1024}}, {\"name\": \"restricted\", \"request\": "
                        + "{\"model\": \"acme/gated\", \"batchSize\": 1, \"sequenceLength\": 1024}}]}")
                .post("/plan")
                .then()
                .statusCode(502)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:gpu-fit:problem:hub-unavailable"))
                .body("model", equalTo("acme/gated"))
                .body("instance", equalTo("/plan"))
                .body("detail", startsWith("scenarios[1].request.model (\"restricted\"): The Hub refused access"));
    }

    @Test
    void hubConfigThatCannotBeCountedIsA400OnTheModelField() {
        post("acme/headless")
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:gpu-fit:problem:invalid-request"))
                .body("errors.field", hasItem("model"))
                .body("errors.message", hasItem(containsString("hidden_size")));
    }

    @Test
    void catalogIdIsServedWithoutAskingTheHub() {
        post("meta-llama/Llama-3.1-8B")
                .statusCode(200)
                // see ModelApiTest: 8,030,261,248 params
                .body("model.parameters", whole(8_030_261_248L))
                .body("model.id", equalTo("meta-llama/Llama-3.1-8B"));
        post("META-LLAMA/llama-3.1-8b").statusCode(200).body("model.parameters", whole(8_030_261_248L));

        assertThat(REQUESTED).noneMatch(p -> p.toLowerCase(Locale.ROOT).contains("llama-3.1-8b"));
    }

    // ---------------------------------------------------------------- helpers

    private ValidatableResponse post(String model) {
        return given(api)
                .body("{\"model\": \"" + model + "\", \"batchSize\": 1, \"sequenceLength\": 100}")
                .when()
                .post("/estimate")
                .then();
    }

    @Test
    void fetchesTheirFailuresAndCacheHitsAreInTheMetrics() {
        Scrape before = Scrape.of(port);

        post("acme/metrics-llama").statusCode(200);
        // another body (the response cache does not answer it), the same config (from the Hub cache)
        post("ACME/Metrics-Llama").statusCode(200);
        expectHubProblem("acme/missing", 502);

        Scrape after = Scrape.of(port);
        String fetch = "gpufit_hub_fetch_seconds_count";
        assertThat(after.value(fetch, "outcome=ok") - before.value(fetch, "outcome=ok"))
                .isEqualTo(1);
        assertThat(after.value(fetch, "outcome=error") - before.value(fetch, "outcome=error"))
                .isEqualTo(1);
        assertThat(after.value("gpufit_hub_cache_hits_total") - before.value("gpufit_hub_cache_hits_total"))
                .isEqualTo(1);
        String estimates = "gpufit_estimates_total";
        assertThat(after.value(estimates, "engine=textbook", "outcome=hub_unavailable")
                        - before.value(estimates, "engine=textbook", "outcome=hub_unavailable"))
                .isEqualTo(1);
        assertThat(after.text()).contains("gpufit_hub_fetch_seconds_bucket{");
    }

    private ValidatableResponse expectHubProblem(String model, int status) {
        return post(model)
                .statusCode(status)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:gpu-fit:problem:hub-unavailable"))
                .body("status", number(Integer.toString(status)))
                .body("title", notNullValue())
                .body("model", equalTo(model));
    }
}
