package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.PROBLEM_JSON;
import static io.gpufit.web.JsonMatchers.candidate;
import static io.gpufit.web.JsonMatchers.postJson;
import static io.gpufit.web.JsonMatchers.seed;
import static io.gpufit.web.JsonMatchers.whole;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The byte arithmetic at its limits (issue 11): capacity figures never turn a request that fits into
 * a 400, and a budget never wraps around into a negative or absurd figure; an overflow is the
 * {@code estimate-too-large} 400. Expected figures are derived by hand in the comments; the property
 * loops are seeded, so a failure reproduces.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ArithmeticLimitsApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    /** The textbook estimate's default minimum headroom per GPU: 2.5 GiB. */
    private static final long MIN_HEADROOM = 2_684_354_560L;

    private static final String TOO_LARGE = "urn:gpu-fit:problem:estimate-too-large";
    private static final String H100 = "h100-sxm5-80gb";

    @LocalServerPort
    int port;

    private RequestSpecification api;

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).setContentType(ContentType.JSON).build();
    }

    // ---------------------------------------------------------------- capacity never fails a request

    @Test
    void aMillionOneTokenSequencesOfA1bModelFitAnH100() {
        // The worked example's 1B fp16 model (16 layers, 8 KV heads of 64) at 1,000,000 x 1 token. The
        // capacity search probed 2^30 tokens x 1,000,000 sequences, overflowed, and answered 400.
        Map<String, Object> body = seed();
        body.put("batchSize", 1_000_000);
        body.put("sequenceLength", 1);
        body.put("gpus", List.of(H100));

        // weights 1,000,000,000 x 2 B = 2,000,000,000 B; KV per token 2 x 16 x (8 x 64) x 2 B = 32,768 B;
        // KV cache 1,000,000 x 1 x 32,768 = 32,768,000,000 B; total 34,768,000,000 B (34.8 GB)
        // H100 budget: floor(85,017,755,648 x 0.9) = 76,515,980,083 B; headroom 76,515,980,083 - 34,768,000,000
        // = 41,747,980,083 B, more than the 2,684,354,560 B minimum: it fits
        // capacity: 76,515,980,083 - 2,000,000,000 weights - 2,684,354,560 minimum headroom = 71,831,625,523 B;
        // / 32,768 B per 1-token sequence = 2,192,127 sequences; / (1,000,000 x 32,768 B per token) = 2 tokens
        postJson(api, "/estimate", JSON.writeValueAsString(body), 200)
                .body("total.bytes", whole(34_768_000_000L))
                .body("recommendation.gpu", equalTo(H100))
                .body(candidate(H100, "fits"), equalTo(true))
                .body(candidate(H100, "requiredBytesPerGpu"), whole(34_768_000_000L))
                .body(candidate(H100, "headroomBytes"), whole(41_747_980_083L))
                .body(candidate(H100, "capacity.maxBatchSize"), whole(2_192_127L))
                .body(candidate(H100, "capacity.maxSequenceLength"), whole(2L))
                // no context for explicit sizes: counted at the requested length, 1 token
                .body(candidate(H100, "capacity.contextLength"), whole(1L))
                .body(candidate(H100, "capacity.maxConcurrency"), whole(2_192_127L));
    }

    /**
     * Explicit sizes in fp16 over random batches and sequence lengths, on the whole catalog: the answer
     * is a 200 exactly when the core estimate (weights + KV cache, derived here in BigInteger) and the
     * minimum headroom fit in a long, else the too-large 400; every capacity figure is at least 0, and
     * a GPU that fits reports at least the requested batch and length.
     */
    @Test
    void capacityNeverTurnsAnEstimateThatFitsIntoA400() {
        SplittableRandom random = new SplittableRandom(20261201L);
        int fitting = 0;
        int tooLarge = 0;
        // fitting cases where the old search's first probe, 2^30 tokens x batch, overflowed
        int probeBeyondALong = 0;
        for (int i = 0; i < 40; i++) {
            long parameters = logUniform(random, 1, 1_000_000_000_000_000L);
            int layers = (int) logUniform(random, 1, 10_000);
            int kvHeads = (int) logUniform(random, 1, 64);
            int heads = kvHeads * (int) logUniform(random, 1, 16);
            int headDim = (int) logUniform(random, 1, 65_536);
            int batch = (int) logUniform(random, 1, 1_000_000);
            int sequence = (int) logUniform(random, 1, 100_000_000);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("parameters", parameters);
            body.put("weightDtype", "fp16");
            body.put("numLayers", layers);
            body.put("numAttentionHeads", heads);
            body.put("numKeyValueHeads", kvHeads);
            body.put("headDim", headDim);
            body.put("batchSize", batch);
            body.put("sequenceLength", sequence);
            String request = JSON.writeValueAsString(body);

            // weights x 2 B; KV: batch x sequence x 2 (K and V) x layers x KV heads x head dim x 2 B
            BigInteger kvPerToken = BigInteger.valueOf(4L * layers * kvHeads * headDim);
            BigInteger kv = kvPerToken.multiply(BigInteger.valueOf((long) batch * sequence));
            BigInteger needed = BigInteger.valueOf(parameters * 2).add(kv).add(BigInteger.valueOf(MIN_HEADROOM));

            Response response = post(request);
            if (needed.compareTo(LONG_MAX) > 0) {
                assertThat(response.statusCode()).as(request).isEqualTo(400);
                assertThat(response.jsonPath().getString("type")).as(request).isEqualTo(TOO_LARGE);
                tooLarge++;
                continue;
            }
            assertThat(response.statusCode())
                    .as("%s: %s", request, response.asString())
                    .isEqualTo(200);
            fitting++;
            if (kvPerToken.multiply(BigInteger.valueOf(batch)).shiftLeft(30).compareTo(LONG_MAX) > 0) {
                probeBeyondALong++;
            }
            for (JsonNode c : JSON.readTree(response.asString()).path("candidates")) {
                JsonNode capacity = c.path("capacity");
                if (capacity.isNull()) {
                    continue;
                }
                for (String figure : List.of("maxBatchSize", "maxSequenceLength", "contextLength", "maxConcurrency")) {
                    assertThat(capacity.path(figure).asLong())
                            .as("%s %s", request, figure)
                            .isNotNegative();
                }
                if (c.path("fits").asBoolean()) {
                    assertThat(capacity.path("maxBatchSize").asLong())
                            .as(request)
                            .isGreaterThanOrEqualTo(batch);
                    assertThat(capacity.path("maxSequenceLength").asLong())
                            .as(request)
                            .isGreaterThanOrEqualTo(sequence);
                }
            }
        }
        // mostly answered, many of them requests the old search refused (TextbookEngineTest draws more)
        assertThat(fitting).isGreaterThan(20);
        assertThat(tooLarge).isLessThan(fitting);
        assertThat(probeBeyondALong).isGreaterThan(5);
    }

    // ---------------------------------------------------------------- budgets never wrap

    @Test
    void aFiveExabyteMoeUnderVllmIsTooLargeNotAFit() {
        // Mixtral-style, 6 layers of 8,192 experts of 3 x 1,048,576 x 16,777,216 parameters: 6 x 8,192 x
        // 52,776,558,133,248 x 2 B (bf16) = 5,188,146,770,730,811,392 B of experts alone, 5.2 EB. The fused-MoE
        // workspace of 10,000,000 tokens x top-8,192 x (16,777,216 + 2 x 16,777,216) x 2 B = 8,246,337,208,320,000,000
        // B.
        // Weights + workspace exceed 2^63 - 1: the KV cache left, request - weights - activations - ..., wrapped
        // around to +5.0 EB and one T4 "fit" with -5.0 EB required.
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model_type", "mixtral");
        config.put("hidden_size", 1_048_576);
        config.put("intermediate_size", 16_777_216);
        config.put("num_hidden_layers", 6);
        config.put("num_attention_heads", 8);
        config.put("num_key_value_heads", 8);
        config.put("num_local_experts", 8_192);
        config.put("num_experts_per_tok", 8_192);
        config.put("vocab_size", 32_000);
        config.put("torch_dtype", "bfloat16");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelConfig", config);
        body.put("engine", Map.of("name", "vllm", "maxNumBatchedTokens", 10_000_000));
        body.put("batchSize", 1);
        body.put("sequenceLength", 16);
        body.put("gpus", List.of("t4"));

        given(api)
                .body(JSON.writeValueAsString(body))
                .when()
                .post("/estimate")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(TOO_LARGE))
                .body(
                        "detail",
                        startsWith("the byte count of a placement on NVIDIA T4 exceeds 9,223,372,036,854,775,807"));
    }

    /**
     * Random MoE configs, explicit sizes and vLLM settings, many near the 64-bit limit: every answer is a
     * 200 or a 400, and no 200 holds a negative byte figure, except the two differences that may be
     * negative (a candidate's headroom when it does not fit; vLLM's KV cache bytes when the reserves
     * exceed the request), each checked against its definition in BigInteger, so a wrapped figure fails.
     */
    @Test
    void noAnswerHoldsAWrappedOrNegativeByteFigure() {
        SplittableRandom random = new SplittableRandom(20261202L);
        int answered = 0;
        // the near-the-limit cases land on both sides of 2^63 - 1
        int nearLimitTooLarge = 0;
        int nearLimitAnswered = 0;
        for (int i = 0; i < 60; i++) {
            Map<String, Object> body;
            switch (i % 3) {
                case 0 -> {
                    body = explicit(random);
                    if (random.nextBoolean()) {
                        body.put("engine", vllm(random));
                    }
                }
                case 1 -> {
                    body = moeConfig(random);
                    body.put("engine", vllm(random));
                }
                default -> body = nearTheLimit(random);
            }
            body.put("batchSize", (int) logUniform(random, 1, 1_000_000));
            body.put("sequenceLength", (int) logUniform(random, 1, 100_000_000));
            if (random.nextBoolean()) {
                body.put("gpus", List.of("t4", "l4", H100, "mi300x"));
            }
            String request = JSON.writeValueAsString(body);
            Response response = post(request);
            assertThat(response.statusCode())
                    .as("%s: %s", request, response.asString())
                    .isIn(200, 400);
            boolean nearLimit = i % 3 == 2;
            if (response.statusCode() != 200) {
                if (nearLimit) {
                    assertThat(response.jsonPath().getString("type"))
                            .as(request)
                            .isEqualTo(TOO_LARGE);
                    nearLimitTooLarge++;
                }
                continue;
            }
            answered++;
            if (nearLimit) {
                nearLimitAnswered++;
            }
            JsonNode answer = JSON.readTree(response.asString());
            List<String> negatives = new ArrayList<>();
            collectNegatives(answer, "$", negatives);
            assertThat(negatives).as(request).isEmpty();
            for (JsonNode c : answer.path("candidates")) {
                assertThat(big(c, "headroomBytes"))
                        .as(request)
                        .isEqualTo(big(c, "budgetBytes").subtract(big(c, "requiredBytesPerGpu")));
                if (c.path("fits").asBoolean()) {
                    assertThat(c.path("headroomBytes").asLong()).as(request).isNotNegative();
                }
                JsonNode serving = c.path("serving");
                if (serving.isObject()) {
                    BigInteger left = big(serving, "requestedBytes")
                            .subtract(big(serving, "weightBytes"))
                            .subtract(big(serving, "activationPeakBytes"))
                            .subtract(big(serving, "nonTorchBytes"))
                            .subtract(big(serving, "cudaGraphBytes"));
                    assertThat(big(serving, "kvCacheBytes")).as(request).isEqualTo(left);
                }
            }
        }
        assertThat(answered).isGreaterThan(15);
        assertThat(nearLimitTooLarge).isGreaterThan(3);
        assertThat(nearLimitAnswered).isGreaterThan(3);
    }

    /** Every number below 0 outside the fields allowed to be: a candidate's headroom and vLLM's KV cache bytes. */
    private static void collectNegatives(JsonNode node, String path, List<String> negatives) {
        if (node.isNumber() && node.decimalValue().signum() < 0) {
            boolean allowed = path.endsWith(".headroomBytes")
                    || path.endsWith(".headroomPercent")
                    || path.endsWith(".serving.kvCacheBytes")
                    || path.endsWith(".weightGroupSize");
            if (!allowed) {
                negatives.add(path + " = " + node);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collectNegatives(field.getValue(), path + "." + field.getKey(), negatives);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectNegatives(node.get(i), path + "[" + i + "]", negatives);
            }
        }
    }

    private static BigInteger big(JsonNode node, String field) {
        return node.path(field).bigIntegerValue();
    }

    /** A Mixtral or Qwen3-MoE config.json with sizes anywhere in what the reader accepts. */
    private static Map<String, Object> moeConfig(SplittableRandom random) {
        int kvHeads = 1 << random.nextInt(0, 4);
        int heads = kvHeads << random.nextInt(0, 3);
        int headDim = 1 << random.nextInt(4, 15);
        int hidden = heads * headDim;
        int experts = (int) logUniform(random, 1, 65_536);
        Map<String, Object> config = new LinkedHashMap<>();
        boolean qwen = random.nextBoolean();
        config.put("model_type", qwen ? "qwen3_moe" : "mixtral");
        config.put("hidden_size", hidden);
        config.put("intermediate_size", (int) logUniform(random, 1, 1 << 24));
        config.put("num_hidden_layers", (int) logUniform(random, 1, 10_000));
        config.put("num_attention_heads", heads);
        config.put("num_key_value_heads", kvHeads);
        config.put("head_dim", headDim);
        config.put(qwen ? "num_experts" : "num_local_experts", experts);
        config.put("num_experts_per_tok", (int) logUniform(random, 1, experts));
        if (qwen) {
            config.put("moe_intermediate_size", (int) logUniform(random, 1, 1 << 24));
        }
        config.put("vocab_size", (int) logUniform(random, 1, 10_000_000));
        config.put("max_position_embeddings", (int) logUniform(random, 1, 100_000_000));
        config.put("torch_dtype", "bfloat16");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelConfig", config);
        return body;
    }

    /**
     * A Mixtral of 2^20 hidden and experts of up to 2^24 under vLLM with a large max_num_batched_tokens,
     * sized so that its weights take a random 20% to 95% of 2^63 - 1 bytes and the fused-MoE workspace
     * (tokens x top-k x 3 x expert width x 2 B) from 50% to 150% of the rest: the reserves land on both
     * sides of the 64-bit limit, where an unchecked subtraction wraps.
     */
    private static Map<String, Object> nearTheLimit(SplittableRandom random) {
        long hidden = 1L << 20;
        long expertWidth = (1L << 24) - random.nextLong(0, 1L << 22);
        double max = Long.MAX_VALUE;
        double weightShare = random.nextDouble(0.2, 0.95);
        // experts' weights: layers x experts x 3 x hidden x width x 2 B
        double perExpert = 6.0 * hidden * expertWidth;
        int layers = random.nextInt(1, 9);
        int experts = (int) Math.max(1, Math.min(65_536, weightShare * max / (perExpert * layers)));
        int tokens = (int) logUniform(random, 1 << 20, 10_000_000);
        double workspace = random.nextDouble(0.5, 1.5) * (max - weightShare * max);
        int topK = (int) Math.max(1, Math.min(experts, workspace / (6.0 * tokens * expertWidth)));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model_type", "mixtral");
        config.put("hidden_size", hidden);
        config.put("intermediate_size", expertWidth);
        config.put("num_hidden_layers", layers);
        config.put("num_attention_heads", 8);
        config.put("num_key_value_heads", 8);
        config.put("num_local_experts", experts);
        config.put("num_experts_per_tok", topK);
        config.put("vocab_size", 32_000);
        config.put("torch_dtype", "bfloat16");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelConfig", config);
        body.put("engine", Map.of("name", "vllm", "maxNumBatchedTokens", tokens));
        return body;
    }

    private static Map<String, Object> explicit(SplittableRandom random) {
        int kvHeads = (int) logUniform(random, 1, 64);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("parameters", logUniform(random, 1, 1_000_000_000_000_000L));
        body.put("weightDtype", "bf16");
        body.put("numLayers", (int) logUniform(random, 1, 10_000));
        body.put("numAttentionHeads", kvHeads * (int) logUniform(random, 1, 16));
        body.put("numKeyValueHeads", kvHeads);
        body.put("headDim", (int) logUniform(random, 1, 65_536));
        return body;
    }

    private static Map<String, Object> vllm(SplittableRandom random) {
        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("name", "vllm");
        if (random.nextBoolean()) {
            engine.put("maxNumBatchedTokens", (int) logUniform(random, 1, 10_000_000));
        }
        if (random.nextBoolean()) {
            engine.put("maxNumSeqs", (int) logUniform(random, 1, 65_536));
        }
        if (random.nextBoolean()) {
            engine.put("maxModelLen", (int) logUniform(random, 1, 100_000_000));
        }
        if (random.nextBoolean()) {
            engine.put("blockSize", (int) logUniform(random, 1, 1_024));
        }
        if (random.nextInt(3) == 0) {
            engine.put("pipelineParallelSize", random.nextInt(1, 4));
        }
        return engine;
    }

    /** A whole number from {@code low} to {@code high}, uniform in its logarithm: every magnitude as likely. */
    private static long logUniform(SplittableRandom random, long low, long high) {
        double value = Math.exp(random.nextDouble(Math.log(low), Math.log(high) + 1e-9));
        return Math.max(low, Math.min(high, Math.round(value)));
    }

    private Response post(String json) {
        return given(api).body(json).when().post("/estimate");
    }
}
