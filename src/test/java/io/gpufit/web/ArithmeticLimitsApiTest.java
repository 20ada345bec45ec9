package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.candidate;
import static io.gpufit.web.JsonMatchers.postJson;
import static io.gpufit.web.JsonMatchers.seed;
import static io.gpufit.web.JsonMatchers.whole;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.math.BigInteger;
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

    /** A whole number from {@code low} to {@code high}, uniform in its logarithm: every magnitude as likely. */
    private static long logUniform(SplittableRandom random, long low, long high) {
        double value = Math.exp(random.nextDouble(Math.log(low), Math.log(high) + 1e-9));
        return Math.max(low, Math.min(high, Math.round(value)));
    }

    private Response post(String json) {
        return given(api).body(json).when().post("/estimate");
    }
}
