package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.candidate;
import static io.gpufit.web.JsonMatchers.error;
import static io.gpufit.web.JsonMatchers.postJson;
import static io.gpufit.web.JsonMatchers.seed;
import static io.gpufit.web.JsonMatchers.whole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The semantics fixed together: the KV cache's default format, sequences past the model's context,
 * shortfalls that name what really blocks, the minimum headroom of the textbook estimate, and the
 * wording of counts and the BF16 warning. Expected numbers are derived by hand in the comments.
 *
 * <p>Llama 3.2 1B (meta-llama--Llama-3.2-1B.json): 16 layers, 8 KV heads of 64, torch_dtype bfloat16,
 * context 131,072. Llama 3.1 8B: 32 layers, 8 KV heads of 128, bfloat16, context 131,072.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FitSemanticsApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A negative byte amount in a message: {@code -32,581,523,539 B}. */
    private static final Pattern NEGATIVE_BYTES = Pattern.compile("(?<![\\w.])-\\s?\\d[\\d,]* B\\b");

    private static final String LLAMA_1B = "meta-llama/Llama-3.2-1B";
    private static final String LLAMA_8B = "meta-llama/Llama-3.1-8B";
    private static final String H100 = "h100-sxm5-80gb";

    @LocalServerPort
    int port;

    private RequestSpecification api;

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).setContentType(ContentType.JSON).build();
    }

    // ---------------------------------------------------------------- 1. the KV cache's default format

    @ParameterizedTest(name = "{0} weights: KV cache in bf16")
    @CsvSource({"int4", "int8", "fp8", "q8_0", "q4_0", "q4_k_m", "gptq", "awq"})
    void aQuantizedModelsKvCacheStaysInItsActivationDtype(String weights) {
        Map<String, Object> body = model(LLAMA_1B, 4, 256);
        body.put("weightDtype", weights);
        body.put("gpus", List.of(H100));

        // 2 (K and V) x 16 layers x (8 KV heads x 64) x 2 B (bf16, torch_dtype bfloat16) = 32,768 B per token;
        // 4 x 256 x 32,768 = 33,554,432 B, whatever the weights' format
        post(body)
                .body("resolved.kvCacheDtype", equalTo("bf16"))
                .body(
                        "resolved.kvCacheDtypeOrigin",
                        equalTo("auto: the activation dtype, torch_dtype bfloat16 as bf16; not the " + weights
                                + " weights' format"))
                .body("kvCache.bytesPerToken", whole(32_768L))
                .body("kvCache.bytes", whole(33_554_432L))
                .body(
                        "derivation",
                        hasItem(
                                "KV cache per token = 2 (K and V) x 16 layers x (8 KV heads x 64) x 2 B (bf16) = 32,768 B"));
    }

    @ParameterizedTest(name = "kvCacheDtype \"{0}\"")
    @CsvSource({"auto", "AUTO", "Auto"})
    void autoIsTheDefaultWhateverItsCase(String auto) {
        Map<String, Object> body = seed();
        body.put("weightDtype", "int8");
        body.put("kvCacheDtype", auto);
        body.put("gpus", List.of(H100));

        // explicit sizes compute in fp16: 2 x 16 x (8 x 64) x 2 B = 32,768 B per token
        post(body)
                .body("resolved.kvCacheDtype", equalTo("fp16"))
                .body("resolved.kvCacheDtypeOrigin", startsWith("auto: the activation dtype, fp16"))
                .body("kvCache.bytesPerToken", whole(32_768L));
    }

    @Test
    void fp32WeightsKeepAnFp32Cache() {
        Map<String, Object> body = model(LLAMA_1B, 4, 256);
        body.put("weightDtype", "fp32");
        body.put("gpus", List.of(H100));

        // vLLM --dtype float32: 2 x 16 x (8 x 64) x 4 B = 65,536 B per token
        post(body)
                .body("resolved.kvCacheDtype", equalTo("fp32"))
                .body("resolved.kvCacheDtypeOrigin", equalTo("auto: the activation dtype, the weights' fp32"))
                .body("kvCache.bytesPerToken", whole(65_536L));
    }

    // ---------------------------------------------------------------- 2. a sequence past the context

    @Test
    void aSequencePastTheContextIsWarnedAboutUnderTheTextbookEstimate() {
        post(model(LLAMA_8B, 1, 200_000))
                .body(
                        "warnings",
                        hasItem(allOf(
                                containsString("sequenceLength 200,000"),
                                containsString("the model's context of 131,072 tokens"))));
        // at the context itself: no warning
        post(model(LLAMA_8B, 1, 131_072)).body("warnings", not(hasItem(containsString("context of"))));
    }

    @Test
    void underVllmEveryPlacementRefusesASequencePastTheContextAndSaysWhy() {
        Map<String, Object> body = model(LLAMA_8B, 1, 200_000);
        body.put("engine", Map.of("name", "vllm"));
        body.put("gpus", List.of(H100, "a100-sxm4-80gb", "l40s"));

        post(body)
                .body("recommendation", nullValue())
                .body("candidates.fits", everyItem(equalTo(false)))
                .body(
                        "candidates.reason",
                        everyItem(containsString("max_model_len (131,072); sequenceLength is 200,000")))
                .body("candidates.tried.flatten().reason", everyItem(containsString("max_model_len (131,072)")))
                .body("warnings", hasItem(containsString("context of 131,072 tokens")));
    }

    // ---------------------------------------------------------------- 3. shortfalls name the real reason

    @Test
    void theIssuesNegativeShortfallNowNamesTheLength() {
        Map<String, Object> body = model(LLAMA_8B, 1, 200_000);
        body.put("engine", Map.of("name", "vllm"));
        body.put("gpus", List.of(H100));

        // nothing lacks memory: nothing is short, and the message says the length blocks
        post(body)
                .body("shortfall.shortfallBytes", whole(0))
                .body("shortfall.largestGpu", equalTo(H100))
                .body(
                        "shortfall.message",
                        startsWith("Nothing fits, on one GPU or on up to 8, and not for lack of memory"))
                .body("shortfall.message", containsString("max_model_len (131,072); sequenceLength is 200,000"))
                .body("shortfall.message", not(containsString("Reduce the batch")));
    }

    @Test
    void vllmRefusingToStartLacksMemoryForMaxModelLenNotForTheWorkload() {
        // Llama 3.1 8B on one L4 (23,612,293,120 B usable): about 16 GB of bf16 weights leave a few GB of KV
        // cache, fewer than the 131,072 tokens x 131,072 B (2 x 32 x 8 x 128 x 2 B) = 17.2 GB one max_model_len
        // sequence needs, though the workload (1 x 1,024 tokens) would fit: what is missing is positive.
        Map<String, Object> body = model(LLAMA_8B, 1, 1_024);
        body.put("engine", Map.of("name", "vllm", "tensorParallelSize", 1));
        body.put("gpus", List.of("l4"));

        ValidatableResponse response = post(body)
                .body("recommendation", nullValue())
                .body("shortfall.message", containsString("vLLM would refuse to start"))
                .body("shortfall.message", not(containsString("not for lack of memory")));
        long short_ = response.extract().jsonPath().getLong("shortfall.shortfallBytes");
        assertThat(short_).isPositive();
    }

    /** No message, reason or derivation line of any of many requests shows a negative byte amount. */
    @Test
    void noMessageEverShowsANegativeByteAmount() {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (String model : List.of(LLAMA_1B, LLAMA_8B, "meta-llama/Llama-3.1-70B", "tiiuae/falcon-7b")) {
            for (int sequence : List.of(1, 4_096, 131_072, 200_000)) {
                for (Object engine :
                        List.of("none", Map.of("name", "vllm"), Map.of("name", "vllm", "maxModelLen", 8_192))) {
                    Map<String, Object> body = model(model, sequence > 100_000 ? 4 : 64, sequence);
                    if (engine instanceof Map<?, ?>) {
                        body.put("engine", engine);
                    }
                    requests.add(body);
                }
            }
        }
        for (String gpus : List.of("t4", "p100-pcie-16gb", "l4", H100)) {
            Map<String, Object> vllm = model(LLAMA_8B, 1, 1_024);
            vllm.put("engine", Map.of("name", "vllm"));
            vllm.put("gpus", List.of(gpus));
            requests.add(vllm);
            Map<String, Object> tight = model(LLAMA_8B, 512, 8_192);
            tight.put("gpus", List.of(gpus));
            requests.add(tight);
        }
        Map<String, Object> fp8OnOld = seed();
        fp8OnOld.put("weightDtype", "fp8");
        fp8OnOld.put("gpus", List.of("a100-sxm4-80gb", "t4"));
        requests.add(fp8OnOld);
        Map<String, Object> tooBig = seed();
        tooBig.put("parametersBillions", 5_000);
        requests.add(tooBig);

        List<String> negatives = new ArrayList<>();
        for (Map<String, Object> request : requests) {
            String answer = post(request).extract().asString();
            JsonNode tree = JSON.readTree(answer);
            if (tree.path("shortfall").isObject()) {
                assertThat(tree.path("shortfall").path("shortfallBytes").asLong())
                        .as("shortfallBytes of %s", request)
                        .isNotNegative();
            }
            collectNegatives(tree, request.toString(), negatives);
        }
        assertThat(requests).hasSizeGreaterThan(50);
        assertThat(negatives).isEmpty();
    }

    private static void collectNegatives(JsonNode node, String request, List<String> negatives) {
        if (node.isString()) {
            Matcher matcher = NEGATIVE_BYTES.matcher(node.asString());
            if (matcher.find()) {
                negatives.add(request + ": " + node.asString());
            }
        } else if (node.isContainer()) {
            for (JsonNode child : node) {
                collectNegatives(child, request, negatives);
            }
        }
    }

    // ---------------------------------------------------------------- 4. the minimum headroom

    @Test
    void theSeedsHeadroomExactlyAtTheMarginFitsAndOneByteMoreDoesNot() {
        // P100: budget 14,400,000,000 - 2,033,554,432 = 12,366,445,568 B of headroom
        Map<String, Object> body = seed();
        body.put("gpus", List.of("p100-pcie-16gb"));
        body.put("minHeadroomBytes", 12_366_445_568L);
        post(body)
                .body("resolved.minHeadroomBytes", whole(12_366_445_568L))
                .body("recommendation.gpu", equalTo("p100-pcie-16gb"))
                .body("recommendation.headroomBytes", whole(12_366_445_568L))
                .body("recommendation.reason", containsString("at least the minimum headroom of 12,366,445,568 B"));

        body.put("minHeadroomBytes", 12_366_445_569L);
        post(body)
                // one P100 no longer fits: its headroom is still positive, what is short is one byte of margin
                .body("candidates[0].tried[0].fits", equalTo(false))
                .body("candidates[0].tried[0].reason", endsWith(": 1 B short"))
                // on 2 (TP 2): 1,000,000,000 + 33,554,432 / 2 = 1,016,777,216 per GPU, leaving
                // 14,400,000,000 - 1,016,777,216 = 13,383,222,784
                .body("recommendation.count", equalTo(2))
                .body("recommendation.headroomBytes", whole(13_383_222_784L));
    }

    @Test
    void theDefaultMarginIsTwoAndAHalfGibAndTheReferenceExampleStaysExact() {
        Map<String, Object> body = seed();
        body.put("gpus", List.of("p100-pcie-16gb", "a40", "a100-pcie-40gb", "a100-sxm4-80gb"));

        post(body)
                // 2.5 x 2^30 = 2,684,354,560
                .body("resolved.minHeadroomBytes", whole(2_684_354_560L))
                .body("weights.bytes", whole(2_000_000_000L))
                .body("kvCache.bytesPerToken", whole(32_768L))
                .body("kvCache.bytes", whole(33_554_432L))
                .body("total.bytes", whole(2_033_554_432L))
                .body("recommendation.gpu", equalTo("p100-pcie-16gb"))
                .body("recommendation.headroomBytes", whole(12_366_445_568L))
                .body("recommendation.reason", containsString("at least the minimum headroom of 2,684,354,560 B"));
    }

    @ParameterizedTest(name = "minHeadroomBytes {0}")
    @CsvSource({"-1", "1000000000001", "1.5", "'\"1\"'"})
    void minHeadroomBytesOutsideItsRangeIsA400NamingTheField(String value) {
        String body = "{\"parametersBillions\": 1, \"weightDtype\": \"fp16\", \"numLayers\": 16, "
                + "\"numAttentionHeads\": 32, \"headDim\": 64, \"batchSize\": 4, \"sequenceLength\": 256, "
                + "\"minHeadroomBytes\": " + value + "}";
        postJson(api, "/estimate", body, 400).body("errors.field", hasItem("minHeadroomBytes"));
    }

    @Test
    void minHeadroomBytesWithAnEngineIsA400() {
        Map<String, Object> body = seed();
        body.put("engine", Map.of("name", "vllm"));
        body.put("minHeadroomBytes", 0);
        postJson(api, "/estimate", json(body), 400)
                .body(error("minHeadroomBytes") + ".message", containsString("does not apply with an engine"));
    }

    // ---------------------------------------------------------------- 5. wording

    @Test
    void oneGpuHasNoNativeBf16AndTheBf16SaysWhereItCameFrom() {
        Map<String, Object> body = model(LLAMA_1B, 4, 256);
        body.put("gpus", List.of("t4", "a40"));
        post(body)
                .body(
                        "warnings",
                        hasItem(startsWith("BF16 weights and KV cache from the model's torch_dtype bfloat16; NVIDIA T4 "
                                + "has no native BF16")))
                .body("warnings", not(hasItem(containsString("requested"))));

        body.put("gpus", List.of("t4", "p100-pcie-16gb"));
        post(body)
                .body(
                        "warnings",
                        hasItem(containsString("NVIDIA T4, NVIDIA Tesla P100 PCIe 16GB have no native BF16")));

        Map<String, Object> requested = seed();
        requested.put("weightDtype", "bf16");
        requested.put("gpus", List.of("t4"));
        post(requested)
                .body(
                        "warnings",
                        hasItem(startsWith("BF16 weights and KV cache requested (weightDtype); NVIDIA T4 has")));
    }

    @Test
    void oneSequenceOfOneTokenIsSingular() {
        Map<String, Object> body = seed();
        body.put("batchSize", 1);
        body.put("sequenceLength", 1);
        body.put("gpus", List.of(H100));
        // 1 x 1 x 32,768 B
        post(body)
                .body("derivation", hasItem("KV cache = 1 sequence x 1 token x 32,768 B = 32,768 B (32.8 KB)"))
                .body("derivation", not(hasItem(containsString("1 sequences"))));

        Map<String, Object> vllm = model(LLAMA_8B, 1, 1);
        vllm.put("engine", Map.of("name", "vllm", "maxNumSeqs", 1, "maxNumBatchedTokens", 1, "maxModelLen", 16));
        vllm.put("gpus", List.of(H100));
        post(vllm)
                .body("candidates[0].serving.derivation", hasItem(containsString("forward pass over 1 token ")))
                .body(
                        "candidates[0].serving.derivation",
                        hasItem(containsString("sampler = 1 seq x 128,256 vocab x 14 B")));
    }

    @Test
    void oneKvHeadIsSingular() {
        // Falcon 7B: multi-query, 1 KV head of 64, 32 layers: 2 x 32 x (1 x 64) x 2 B = 8,192 B per token
        post(model("tiiuae/falcon-7b", 4, 256))
                .body("kvCache.bytesPerToken", whole(8_192L))
                .body("derivation", hasItem(containsString("32 layers x (1 KV head x 64)")))
                // 71 heads: TP 2 does not divide them
                .body(candidate("t4", "tried[1].reason"), containsString("(71 heads, 1 KV head)"));
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> model(String id, int batch, int sequence) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", id);
        body.put("batchSize", batch);
        body.put("sequenceLength", sequence);
        return body;
    }

    private ValidatableResponse post(Map<String, Object> body) {
        return postJson(api, "/estimate", json(body), 200);
    }

    private static String json(Map<String, Object> body) {
        return JSON.writeValueAsString(body);
    }
}
