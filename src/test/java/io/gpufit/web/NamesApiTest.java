package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.PROBLEM_JSON;
import static io.gpufit.web.JsonMatchers.candidate;
import static io.gpufit.web.JsonMatchers.error;
import static io.gpufit.web.JsonMatchers.postJson;
import static io.gpufit.web.JsonMatchers.whole;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Names as people and schedulers write them: GPU product names, model ids without their org, format aliases. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NamesApiTest {

    @LocalServerPort
    int port;

    private RequestSpecification api;

    private static String json(Object body) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body);
    }

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).build();
    }

    // GPUs

    @ParameterizedTest
    @CsvSource({
        "NVIDIA H100 80GB HBM3, h100-sxm5-80gb",
        "NVIDIA-A100-SXM4-80GB, a100-sxm4-80gb",
        "Tesla T4, t4",
        "GeForce RTX 4090, rtx-4090",
        "h100 80gb, h100-sxm5-80gb",
        "AMD Instinct MI325X, mi325x"
    })
    void gpuByProductName(String name, String id) {
        given(api).when().get("/gpus/{id}", name).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void h100PcieUsesTheCudaTotalOfTheSameMemoryOnTheSxm5() {
        // gpus.csv: both show 81559 MiB in nvidia-smi; the SXM5's CUDA total is 85,017,755,648 B at least
        given(api)
                .when()
                .get("/gpus/h100-pcie-80gb")
                .then()
                .statusCode(200)
                .body("usableMemoryBytes", whole(85_017_755_648L))
                .body("usableMemorySource", equalTo("cuda-reported"));
    }

    @Test
    void mi250xIsOneGcdOfSixtyFourGigabytes() {
        // gpus.csv: 68702699520 B per GCD; 3277 GB/s and 383 TFLOPS per two-GCD card
        given(api)
                .when()
                .get("/gpus/mi250x")
                .then()
                .statusCode(200)
                .body("usableMemoryBytes", whole(68_702_699_520L))
                .body("memoryBandwidthGbps", JsonMatchers.number("1638.5"))
                .body("fp16Tflops", JsonMatchers.number("191.5"));
    }

    @Test
    void unknownGpuIs404SuggestingTheClosest() {
        given(api)
                .when()
                .get("/gpus/H10O")
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("did you mean"))
                .body("detail", containsString("h100-sxm5-80gb"));
    }

    @Test
    void estimateAcceptsSchedulerNamesAndSuggestsForTypos() {
        var body = JsonMatchers.seed();
        body.put("gpus", java.util.List.of("NVIDIA-H100-80GB-HBM3", "Tesla T4", "RTX 4900"));
        postJson(api, "/estimate", json(body), 400)
                .body(error("gpus[2]") + ".rejectedValue", equalTo("RTX 4900"))
                .body(error("gpus[2]") + ".message", containsString("did you mean rtx-4090"));
        body.put("gpus", java.util.List.of("NVIDIA-H100-80GB-HBM3", "Tesla T4"));
        postJson(api, "/estimate", json(body), 200)
                .body("candidates.gpu", hasItem("h100-sxm5-80gb"))
                .body("candidates.gpu", hasItem("t4"));
    }

    // Models

    @Test
    void modelIdWithoutOrganisationResolvesWhenUnique() {
        given(api)
                .when()
                .get("/models/llama-3.1-8b")
                .then()
                .statusCode(200)
                .body("id", equalTo("meta-llama/Llama-3.1-8B"))
                .body("parameters", whole(8_030_261_248L));
        postJson(api, "/estimate", "{\"model\": \"Llama-3.1-8B\", \"batchSize\": 1, \"sequenceLength\": 1024}", 200)
                .body("model.id", equalTo("meta-llama/Llama-3.1-8B"));
    }

    @Test
    void unknownOneSegmentModelIs404ProblemNotAStaticResource() {
        given(api)
                .when()
                .get("/models/unknown")
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:gpu-fit:problem:model-not-found"))
                .body("detail", containsString("no model 'unknown'"));
    }

    @Test
    void unknownModelSuggestsTheClosestIds() {
        given(api)
                .when()
                .get("/models/meta-llama/Llama-3.1-8C")
                .then()
                .statusCode(404)
                .body("detail", containsString("did you mean meta-llama/Llama-3.1-8B"));
        postJson(api, "/estimate", "{\"model\": \"Llama-3.1-7B\", \"batchSize\": 1, \"sequenceLength\": 1024}", 400)
                .body(
                        error("model") + ".message",
                        containsString("did you mean meta-llama/Llama-3.1-70B, meta-llama/Llama-3.1-8B"));
    }

    @ParameterizedTest
    @CsvSource({
        // published counts of the same architectures (ModelConfigReaderTest): Llama 3.1 8B 8,030,261,248;
        // Llama 3.1 70B 70,553,706,496; Qwen2.5-7B 7,615,616,512; Qwen2.5-72B 72,706,203,648
        "meta-llama/Llama-3.1-8B-Instruct, 8030261248, 131072",
        "meta-llama/Llama-3.3-70B-Instruct, 70553706496, 131072",
        "Qwen/Qwen2.5-7B-Instruct, 7615616512, 32768",
        "Qwen/Qwen2.5-72B-Instruct, 72706203648, 32768"
    })
    void instructVariantsAreInTheCatalog(String id, long parameters, int context) {
        given(api)
                .when()
                .get("/models/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("parameters", whole(parameters))
                .body("contextLength", whole(context));
    }

    @Test
    void aliasedInstructModelSaysWhoseConfigItIs() {
        given(api)
                .when()
                .get("/models/mistral-7b-instruct-v0.3")
                .then()
                .statusCode(200)
                .body("id", equalTo("mistralai/Mistral-7B-Instruct-v0.3"))
                .body("notes", hasItem(containsString("config of mistralai/Mistral-7B-v0.3 (declared alias)")));
    }

    // Formats

    @ParameterizedTest
    @CsvSource({"bfloat16, bf16", "BFloat16, bf16", "float16, fp16", "half, fp16", "float32, fp32", "float, fp32"})
    void weightDtypeAliasesAnswerWithTheCanonicalId(String alias, String id) {
        var body = JsonMatchers.seed();
        body.put("weightDtype", alias);
        body.put("gpus", java.util.List.of("h100"));
        postJson(api, "/estimate", json(body), 200).body("resolved.weightDtype", equalTo(id));
    }

    @ParameterizedTest
    @CsvSource({"fp8_e4m3", "fp8_e5m2", "FP8-E5M2"})
    void vllmFp8KvCacheNamesAreOneByte(String name) {
        var body = JsonMatchers.seed();
        body.put("kvCacheDtype", name);
        body.put("gpus", java.util.List.of("h100"));
        // 2 (K and V) x 16 layers x (8 KV heads x 64) x 1 B = 16,384 B per token
        postJson(api, "/estimate", json(body), 200)
                .body("resolved.kvCacheDtype", equalTo("fp8"))
                .body("kvCache.bytesPerToken", whole(16_384));
    }

    @Test
    void engineKvCacheDtypeTakesVllmsFp8Names() {
        postJson(
                        api,
                        "/estimate",
                        "{\"model\": \"meta-llama/Llama-3.1-8B\", \"batchSize\": 1, \"sequenceLength\": 1024,"
                                + " \"gpus\": [\"h100\"], \"engine\": {\"name\": \"vllm\", \"kvCacheDtype\": \"fp8_e5m2\"}}",
                        200)
                // 2 x 32 layers x (8 x 128) x 1 B
                .body("kvCache.bytesPerToken", whole(65_536));
    }

    @Test
    void unknownDtypeSuggestsTheClosest() {
        var body = JsonMatchers.seed();
        body.put("weightDtype", "bf61");
        postJson(api, "/estimate", json(body), 400)
                .body(error("weightDtype") + ".message", containsString("did you mean bf16"));
        body.put("weightDtype", "bfloat61");
        postJson(api, "/estimate", json(body), 400)
                .body(error("weightDtype") + ".message", containsString("did you mean bf16"));
    }

    @Test
    void fp8KvCacheRunsOnAmpereButNotOnTuring() {
        var body = JsonMatchers.seed();
        body.put("kvCacheDtype", "fp8");
        body.put("gpus", java.util.List.of("a100-sxm4-80gb", "a10g", "t4"));
        postJson(api, "/estimate", json(body), 200)
                .body(candidate("a100-sxm4-80gb", "compatible"), equalTo(true))
                .body(candidate("a10g", "compatible"), equalTo(true))
                .body(candidate("t4", "compatible"), equalTo(false))
                .body(candidate("t4", "reason"), containsString("compute capability 8.0"));
    }
}
