package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.candidate;
import static io.gpufit.web.JsonMatchers.number;
import static io.gpufit.web.JsonMatchers.postJson;
import static io.gpufit.web.JsonMatchers.seed;
import static io.gpufit.web.JsonMatchers.whole;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * POST /estimate answers 200 with exact byte counts and a recommendation. Every expected number
 * below is derived by hand from the formulas, gpus.yaml and the reference README, never copied
 * from the service's output.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EstimateApiTest {

    /** The four GPUs of the worked example, in an order that is not the expected one. */
    private static final List<String> SEED_GPUS = List.of("p100-pcie-16gb", "a40", "a100-pcie-40gb", "a100-sxm4-80gb");

    /**
     * Every gpus.yaml profile by usableMemoryBytes ascending (what a fitting request must list):
     * t4 15,642,329,088 < p100 16,000,000,000 < l4 23,612,293,120 < a10 24,000,000,000
     * < rtx-4090 25,250,627,584 < v100 32,000,000,000 < a100-pcie-40gb 42,405,855,232
     * < l40s 47,576,711,168 < a40 48,000,000,000 < h100-pcie 80,000,000,000
     * < a100-sxm4 84,987,740,160 < h100-sxm5 85,017,755,648 < h200 141,000,000,000
     * < b200 180,000,000,000 < mi300x 205,822,885,888.
     */
    /**
     * gpus.yaml by usable memory, ties by known price then id (unknown prices last): t4 15,642,329,088 <
     * p100 16e9 < l4 23,612,293,120 < 24e9 (rtx-3090 $0.18 < a10 $0.86 < a10g $1.006) < rtx-4090
     * 25,250,627,584 < v100 32e9 < a100-pcie-40gb 42,405,855,232 < l40s 47,576,711,168 < 48e9 (a40
     * $0.44, then l40, rtx-6000-ada, rtx-a6000 without price) < mi250x 68,702,699,520 < a100-sxm4
     * 84,987,740,160 < 85,017,755,648 (h100-pcie $2.86 < h100-sxm5 $3.29) < 96e9 (gh200, h20) < h200
     * 141e9 < b200 180e9 < mi300x 205,822,885,888 < mi325x 256e9.
     */
    private static final List<String> CATALOG_BY_USABLE_MEMORY = List.of(
            "t4",
            "p100-pcie-16gb",
            "l4",
            "rtx-3090",
            "a10",
            "a10g",
            "rtx-4090",
            "v100-sxm2-32gb",
            "a100-pcie-40gb",
            "l40s",
            "a40",
            "l40",
            "rtx-6000-ada",
            "rtx-a6000",
            "mi250x",
            "a100-sxm4-80gb",
            "h100-pcie-80gb",
            "h100-sxm5-80gb",
            "gh200",
            "h20",
            "h200-sxm-141gb",
            "b200",
            "mi300x",
            "mi325x");

    @LocalServerPort
    int port;

    private RequestSpecification api;

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).setContentType(ContentType.JSON).build();
    }

    // ---------------------------------------------------------------- the worked example

    @Test
    void seedExampleComesOutToTheByteAsInTheReferenceReadme() {
        Map<String, Object> body = seed();
        body.put("gpus", SEED_GPUS);

        post(body)
                .body("resolved.parameters", whole(1_000_000_000L))
                .body("resolved.numKeyValueHeads", whole(8))
                .body("resolved.headDim", whole(64))
                .body("resolved.attention", equalTo("GQA"))
                .body("resolved.weightDtype", equalTo("fp16"))
                .body("resolved.kvCacheDtype", equalTo("fp16"))
                .body("resolved.memoryUtilization", number("0.9"))
                // 1,000,000,000 params x 2 B
                .body("weights.bytes", whole(2_000_000_000L))
                .body("weights.gb", equalTo(2.0))
                // 2 (K and V) x 16 layers x (8 KV heads x 64) x 2 B
                .body("kvCache.bytesPerToken", whole(32_768L))
                // 4 x 256 tokens x 32,768 B = 2^25
                .body("kvCache.bytes", whole(33_554_432L))
                .body("kvCache.gb", equalTo(0.033554432))
                .body("kvCache.gib", equalTo(0.03125)) // 2^25 / 2^30 = 1/32
                // 2,000,000,000 + 33,554,432
                .body("total.bytes", whole(2_033_554_432L))
                .body("total.gb", equalTo(2.033554432))
                .body("total.gib", equalTo(2_033_554_432d / (1L << 30)))
                .body("derivation", hasItem(containsString("2 (K and V) x 16 layers x (8 KV heads x 64)")))
                .body("derivation", hasItem(containsString("32,768 B")))
                .body("derivation", hasItem(containsString("2,033,554,432 B")))
                .body("warnings", empty());
    }

    @Test
    void seedExampleRecommendsTheP100AheadOfTheA40AndA100s() {
        Map<String, Object> body = seed();
        body.put("gpus", SEED_GPUS);

        post(body)
                .body("recommendation.gpu", equalTo("p100-pcie-16gb"))
                // floor(16,000,000,000 x 0.9) = 14,400,000,000
                .body("recommendation.budgetBytes", whole(14_400_000_000L))
                // 14,400,000,000 - 2,033,554,432 = 12,366,445,568
                .body("recommendation.headroomBytes", whole(12_366_445_568L))
                // 12,366,445,568 / 14,400,000,000 = 85.878...% -> 85.88
                .body("recommendation.headroomPercent", number("85.88"))
                .body("recommendation.reason", notNullValue())
                .body("shortfall", nullValue())
                // usable memory: p100 16,000,000,000 < a100-pcie-40gb 42,405,855,232 < a40 48,000,000,000
                // < a100-sxm4-80gb 84,987,740,160
                .body("candidates.gpu", contains("p100-pcie-16gb", "a100-pcie-40gb", "a40", "a100-sxm4-80gb"))
                .body(
                        "candidates.usableMemoryBytes",
                        contains(
                                whole(16_000_000_000L),
                                whole(42_405_855_232L),
                                whole(48_000_000_000L),
                                whole(84_987_740_160L)))
                // floor(x 0.9): 14,400,000,000; 38,165,269,708.8 -> 38,165,269,708; 43,200,000,000;
                // 76,488,966,144 (exact)
                .body(
                        "candidates.budgetBytes",
                        contains(
                                whole(14_400_000_000L),
                                whole(38_165_269_708L),
                                whole(43_200_000_000L),
                                whole(76_488_966_144L)))
                .body("candidates.compatible", everyItem(equalTo(true)))
                .body("candidates.fits", everyItem(equalTo(true)))
                .body("candidates.reason", everyItem(nullValue()));
    }

    @Test
    void wholeCatalogRecommendsTheT4WhoseUsableMemoryIsBelowTheP100s() {
        post(seed()) // no gpus field: every profile of gpus.yaml
                .body("candidates", hasSize(24))
                .body("candidates.gpu", contains(CATALOG_BY_USABLE_MEMORY.toArray()))
                .body("candidates.fits", everyItem(equalTo(true)))
                // T4 usable 15,642,329,088 < P100 16,000,000,000
                .body("recommendation.gpu", equalTo("t4"))
                // floor(15,642,329,088 x 0.9) = floor(14,078,096,179.2) = 14,078,096,179
                .body("recommendation.budgetBytes", whole(14_078_096_179L))
                // 14,078,096,179 - 2,033,554,432 = 12,044,541,747
                .body("recommendation.headroomBytes", whole(12_044_541_747L));
    }

    @Test
    void shortNamesResolveToCatalogIds() {
        Map<String, Object> body = seed();
        body.put("gpus", List.of("P100", "a40", "H100"));

        post(body)
                // H100 is the alias of h100-sxm5-80gb (usable 85,017,755,648, largest of the three)
                .body("candidates.gpu", contains("p100-pcie-16gb", "a40", "h100-sxm5-80gb"))
                .body("recommendation.gpu", equalTo("p100-pcie-16gb"));
    }

    // ---------------------------------------------------------------- attention shapes

    @Test
    void keyValueHeadsDefaultToAttentionHeadsAndHeadDimIsDerivedFromHiddenSize() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("parametersBillions", 7);
        body.put("weightDtype", "fp16");
        body.put("numLayers", 32);
        body.put("numAttentionHeads", 32);
        body.put("hiddenSize", 4096);
        body.put("batchSize", 1);
        body.put("sequenceLength", 4096);

        post(body)
                .body("resolved.numKeyValueHeads", whole(32))
                .body("resolved.attention", equalTo("MHA"))
                .body("resolved.headDim", whole(128)) // 4096 / 32
                // 7,000,000,000 x 2 B
                .body("weights.bytes", whole(14_000_000_000L))
                // 2 x 32 layers x (32 KV heads x 128) x 2 B = 524,288
                .body("kvCache.bytesPerToken", whole(524_288L))
                // 1 x 4,096 x 524,288 = 2^31
                .body("kvCache.bytes", whole(2_147_483_648L))
                // 14,000,000,000 + 2,147,483,648
                .body("total.bytes", whole(16_147_483_648L))
                .body("derivation", hasItem(containsString("(32 KV heads x 128)")));
    }

    @Test
    void oneKeyValueHeadIsMultiQueryAttention() {
        Map<String, Object> body = seed();
        body.put("numKeyValueHeads", 1);

        post(body)
                .body("resolved.attention", equalTo("MQA"))
                .body("resolved.numKeyValueHeads", whole(1))
                // 2 x 16 layers x (1 KV head x 64) x 2 B = 4,096
                .body("kvCache.bytesPerToken", whole(4_096L))
                // 4 x 256 x 4,096 = 4,194,304
                .body("kvCache.bytes", whole(4_194_304L))
                .body("total.bytes", whole(2_004_194_304L));
    }

    @Test
    void explicitHeadDimWinsOverHiddenSize() {
        Map<String, Object> body = seed(); // headDim 64
        body.put("hiddenSize", 4096); // 4096 / 32 would be 128

        post(body).body("resolved.headDim", whole(64)).body("kvCache.bytesPerToken", whole(32_768L));
    }

    // ---------------------------------------------------------------- parameters and dtypes

    @Test
    void exactParameterCountOfLlama32OneBInBf16() {
        Map<String, Object> body = seed();
        body.remove("parametersBillions");
        body.put("parameters", 1_235_814_400L);
        body.put("weightDtype", "bf16");

        post(body)
                .body("resolved.parameters", whole(1_235_814_400L))
                // 1,235,814,400 x 2 B (the README's 2.47 GB)
                .body("weights.bytes", whole(2_471_628_800L))
                .body("weights.gb", equalTo(2.4716288))
                // KV unchanged from the seed: bf16 is 2 B like fp16
                .body("kvCache.bytes", whole(33_554_432L))
                .body("total.bytes", whole(2_505_183_232L)); // 2,471,628,800 + 33,554,432
    }

    @ParameterizedTest(name = "{0} int4 parameters -> {1} bytes")
    @CsvSource({
        "1, 1", // 0.5 B rounded up
        "2, 1",
        "3, 2", // 1.5 B rounded up
        "8, 4",
        "1000000001, 500000001" // 500,000,000.5 B rounded up
    })
    void int4WeightsRoundUpToAWholeByte(long parameters, long expectedBytes) {
        Map<String, Object> body = tiny();
        body.put("parameters", parameters);
        body.put("weightDtype", "int4");
        body.put("kvCacheDtype", "fp16");

        post(body).body("weights.bytes", whole(expectedBytes)).body("derivation[0]", containsString("0.5 B (int4)"));
    }

    @Test
    void int4WeightsKeepA16BitKvCache() {
        // Issue: the KV cache took the weight format. Explicit sizes compute in fp16: the cache stays 2 B.
        Map<String, Object> body = seed();
        body.put("weightDtype", "int4");

        post(body)
                .body("resolved.kvCacheDtype", equalTo("fp16"))
                .body("resolved.kvCacheDtypeOrigin", containsString("the activation dtype, fp16"))
                // 1,000,000,000 x 0.5 B
                .body("weights.bytes", whole(500_000_000L))
                // 2 x 16 x 8 x 64 = 16,384 elements x 2 B = 32,768
                .body("kvCache.bytesPerToken", whole(32_768L))
                // 4 x 256 x 32,768
                .body("kvCache.bytes", whole(33_554_432L));
    }

    @Test
    void int4KvCacheIsHalfAByteElement() {
        Map<String, Object> body = seed();
        body.put("weightDtype", "int4");
        body.put("kvCacheDtype", "int4");

        post(body)
                .body("resolved.kvCacheDtype", equalTo("int4"))
                .body("resolved.kvCacheDtypeOrigin", equalTo("requested (kvCacheDtype)"))
                // 1,000,000,000 x 0.5 B
                .body("weights.bytes", whole(500_000_000L))
                // 2 x 16 x 8 x 64 = 16,384 elements x 0.5 B = 8,192
                .body("kvCache.bytesPerToken", whole(8_192L))
                // 4 x 256 x 8,192
                .body("kvCache.bytes", whole(8_388_608L));
    }

    @ParameterizedTest(name = "{0} weights -> {1} bytes per parameter, {2} per KV element")
    @CsvSource({"fp32, 4, 4", "fp16, 2, 2", "bf16, 2, 2", "int8, 1, 2", "fp8, 1, 2", "FP16, 2, 2", "int4, 0.5, 2"})
    void bytesPerParameterFollowTheDtype(String dtype, BigDecimal bytesPerParameter, long bytesPerKvElement) {
        Map<String, Object> body = seed();
        body.put("weightDtype", dtype);
        body.put("gpus", List.of("h100-sxm5-80gb")); // fp8 needs compute capability 8.9

        post(body)
                .body(
                        "weights.bytes",
                        whole(bytesPerParameter
                                .multiply(BigDecimal.valueOf(1_000_000_000L))
                                .longValueExact()))
                // 2 x 16 x 8 x 64 = 16,384 elements per token, in the activation dtype: the float weights' own
                // format, else fp16 (explicit sizes)
                .body("kvCache.bytesPerToken", whole(16_384L * bytesPerKvElement));
    }

    @Test
    void kvCacheDtypeMayDifferFromWeightDtype() {
        Map<String, Object> body = seed();
        body.put("kvCacheDtype", "int8");

        post(body)
                .body("resolved.weightDtype", equalTo("fp16"))
                .body("resolved.kvCacheDtype", equalTo("int8"))
                .body("weights.bytes", whole(2_000_000_000L))
                // 2 x 16 x (8 x 64) x 1 B = 16,384: half the fp16 32,768
                .body("kvCache.bytesPerToken", whole(16_384L))
                // 4 x 256 x 16,384
                .body("kvCache.bytes", whole(16_777_216L))
                .body("total.bytes", whole(2_016_777_216L));
    }

    // ---------------------------------------------------------------- FP8 and BF16 support

    @Test
    void fp8WeightsExcludeGpusBelowAmpere() {
        Map<String, Object> body = seed();
        body.put("weightDtype", "fp8"); // KV stays fp16, the activation dtype

        // below compute capability 8.0 (vLLM runs FP8 weight-only through Marlin from 8.0), or an AMD
        // part without FP8 (MI250X, gfx90a)
        List<String> incompatible = List.of("t4", "p100-pcie-16gb", "v100-sxm2-32gb", "mi250x");
        List<String> compatible = List.of(
                "l4",
                "rtx-3090",
                "a10",
                "a10g",
                "rtx-4090",
                "a100-pcie-40gb",
                "l40s",
                "a40",
                "l40",
                "rtx-6000-ada",
                "rtx-a6000",
                "a100-sxm4-80gb",
                "h100-pcie-80gb",
                "h100-sxm5-80gb",
                "gh200",
                "h20",
                "h200-sxm-141gb",
                "b200",
                "mi300x",
                "mi325x");

        ValidatableResponse response = post(body)
                // 1,000,000,000 x 1 B
                .body("weights.bytes", whole(1_000_000_000L))
                // 2 x 16 x (8 x 64) x 2 B = 32,768 (the fp8 weights keep a 16-bit cache); x 4 x 256 = 33,554,432
                .body("kvCache.bytesPerToken", whole(32_768L))
                .body("total.bytes", whole(1_033_554_432L))
                .body("candidates", hasSize(24))
                // the smallest compatible GPU: T4 and P100 are below 8.0
                .body("recommendation.gpu", equalTo("l4"))
                // fitting (all compatible) first by memory, then the incompatible ones by memory:
                // t4 < p100 < v100 < mi250x
                .body(
                        "candidates.gpu",
                        contains(concat(compatible, incompatible).toArray()));
        for (String gpu : incompatible) {
            response.body(candidate(gpu, "compatible"), equalTo(false))
                    .body(candidate(gpu, "fits"), equalTo(false))
                    .body(candidate(gpu, "reason"), containsString("8.0"));
        }
        for (String gpu : compatible) {
            response.body(candidate(gpu, "compatible"), equalTo(true))
                    .body(candidate(gpu, "fits"), equalTo(true))
                    .body(candidate(gpu, "reason"), nullValue());
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Test
    void fp8KvCacheAloneRunsOnAmpereButNotBelow() {
        Map<String, Object> body = seed();
        body.put("kvCacheDtype", "fp8");
        body.put("gpus", List.of("t4", "a100-sxm4-80gb", "h100-sxm5-80gb"));

        post(body)
                .body("resolved.weightDtype", equalTo("fp16"))
                .body("resolved.kvCacheDtype", equalTo("fp8"))
                // a100-sxm4 84,987,740,160 < h100-sxm5 85,017,755,648; the T4 (7.5) is not compatible
                .body("recommendation.gpu", equalTo("a100-sxm4-80gb"))
                .body(candidate("a100-sxm4-80gb", "compatible"), equalTo(true))
                .body(candidate("t4", "compatible"), equalTo(false))
                .body(candidate("t4", "reason"), containsString("8.0"))
                .body(candidate("h100-sxm5-80gb", "compatible"), equalTo(true));
    }

    @Test
    void fp8OnlyOnGpusBelowAmpereMeansNoRecommendationAndNoLargestGpu() {
        Map<String, Object> body = seed();
        body.put("weightDtype", "fp8");
        body.put("gpus", List.of("t4", "v100-sxm2-32gb"));

        post(body)
                .body("recommendation", nullValue())
                .body("candidates.compatible", everyItem(equalTo(false)))
                .body("shortfall.largestGpu", nullValue())
                // 1,000,000,000 + 33,554,432 (fp16 KV cache)
                .body("shortfall.requiredBytes", whole(1_033_554_432L))
                // not for lack of memory: nothing is short, and the message says what blocks
                .body("shortfall.shortfallBytes", whole(0))
                .body(
                        "shortfall.message",
                        startsWith(
                                "No GPU considered is compatible: FP8 weights or KV cache need compute capability 8.0"))
                .body("shortfall.message", containsString("(and 1 other GPU)"));
    }

    @Test
    void bf16WarnsAboutGpusWithoutNativeBf16ButKeepsThem() {
        Map<String, Object> body = seed();
        body.put("weightDtype", "bf16");

        post(body)
                // nativeBf16 false in gpus.yaml: P100, V100, T4
                .body(
                        "warnings",
                        hasItem(allOf(
                                containsString("NVIDIA Tesla P100 PCIe 16GB"),
                                containsString("NVIDIA Tesla V100 SXM2 32GB"),
                                containsString("NVIDIA T4"))))
                .body("warnings", not(hasItem(containsString("A100"))))
                .body(candidate("p100-pcie-16gb", "warning"), notNullValue())
                .body(candidate("v100-sxm2-32gb", "warning"), notNullValue())
                .body(candidate("t4", "warning"), notNullValue())
                .body(candidate("a100-sxm4-80gb", "warning"), nullValue())
                .body(candidate("l4", "warning"), nullValue())
                // a warning does not make the GPU incompatible: the T4 is still the smallest that fits
                .body(candidate("p100-pcie-16gb", "compatible"), equalTo(true))
                .body(candidate("p100-pcie-16gb", "fits"), equalTo(true))
                .body("recommendation.gpu", equalTo("t4"));
    }

    @Test
    void fp16RequestHasNoBf16Warnings() {
        post(seed()).body("warnings", empty()).body("candidates.warning", everyItem(nullValue()));
    }

    // ---------------------------------------------------------------- nothing fits

    @Test
    void nothingFitsEvenOnEightGpus() {
        Map<String, Object> body = seed();
        body.remove("parametersBillions");
        body.put("parameters", 2_000_000_000_000L);

        post(body)
                // 2,000,000,000,000 x 2 B = 4 TB; 8 x MI325X allow 8 x 230,400,000,000 = 1.84 TB
                .body("weights.bytes", whole(4_000_000_000_000L))
                .body("kvCache.bytes", whole(33_554_432L))
                .body("total.bytes", whole(4_000_033_554_432L))
                .body("recommendation", nullValue())
                .body("candidates", hasSize(24))
                .body("candidates.fits", everyItem(equalTo(false)))
                .body("candidates.reason", everyItem(notNullValue()))
                // with nothing fitting each row reports one GPU, and lists the 1, 2, 4 and 8 tried
                .body("candidates.count", everyItem(equalTo(1)))
                .body(candidate("mi325x", "tried.count"), equalTo(List.of(1, 2, 4, 8)))
                .body("shortfall.largestGpu", equalTo("mi325x"))
                .body("shortfall.requiredBytes", whole(4_000_033_554_432L))
                // the MI325X: 256,000,000,000 x 0.9 = 230,400,000,000
                .body("shortfall.largestBudgetBytes", whole(230_400_000_000L))
                // with the default minimum headroom of 2.5 GiB = 2,684,354,560 B:
                // 4,000,033,554,432 + 2,684,354,560 - 230,400,000,000 = 3,772,317,908,992
                .body("shortfall.shortfallBytes", whole(3_772_317_908_992L))
                .body("shortfall.message", containsString("3,772,317,908,992 B short"))
                .body("shortfall.message", containsString("plus a minimum headroom of 2,684,354,560 B"))
                // budget - weights and KV cache: 185,240,597,299 - 4,000,033,554,432
                .body(candidate("mi300x", "headroomBytes"), whole(-3_814_792_957_133L));
    }

    @Test
    void twoHundredBillionInFp16NeedsSeveralGpus() {
        Map<String, Object> body = seed();
        body.remove("parametersBillions");
        body.put("parameters", 200_000_000_000L);
        body.put("gpus", List.of("a100-sxm4-80gb", "h100-sxm5-80gb"));

        post(body)
                // 400,033,554,432 B in all: per GPU on 4 GPUs (TP 4; 8 KV heads / 4 = 2 per GPU):
                // 400,000,000,000 / 4 + 33,554,432 / 4 = 100,008,388,608 -- more than one 80 GB card allows,
                // on 8 GPUs 50,004,194,304. A100 at 4: 100,008,388,608 > 76,488,966,144; at 8 it fits.
                .body("recommendation.count", equalTo(8))
                // same count on both: the lower price per hour wins: 8 x 1.59 = 12.72 < 8 x 3.29 = 26.32
                .body("recommendation.gpu", equalTo("a100-sxm4-80gb"))
                .body("recommendation.pricePerHourUsd", number("12.72"))
                .body(candidate("a100-sxm4-80gb", "requiredBytesPerGpu"), whole(50_004_194_304L))
                .body(candidate("a100-sxm4-80gb", "tensorParallelSize"), equalTo(8));
    }

    // ---------------------------------------------------------------- budget and memoryUtilization

    @ParameterizedTest(name = "memoryUtilization {0}: P100 budget {1}, T4 budget {2}")
    @CsvSource({
        "1,   16000000000, 15642329088", // x 1: the usable memory itself
        "0.5, 8000000000,  7821164544", // 16e9 / 2; 15,642,329,088 / 2 = 7,821,164,544
        "0.9, 14400000000, 14078096179", // floor(14,078,096,179.2)
        "0.0001, 1600000, 1564232" // floor(1,564,232.9088)
    })
    void memoryUtilizationScalesTheBudget(String utilization, long p100Budget, long t4Budget) {
        Map<String, Object> body = seed();
        body.put("gpus", List.of("p100-pcie-16gb", "t4"));
        body.put("memoryUtilization", new BigDecimal(utilization));

        post(body)
                .body("resolved.memoryUtilization", number(utilization))
                .body(candidate("p100-pcie-16gb", "budgetBytes"), whole(p100Budget))
                .body(candidate("t4", "budgetBytes"), whole(t4Budget))
                // headroom = budget - 2,033,554,432
                .body(candidate("p100-pcie-16gb", "headroomBytes"), whole(p100Budget - 2_033_554_432L));
    }

    @Test
    void halfUtilizationStillRecommendsT4() {
        Map<String, Object> body = seed();
        body.put("memoryUtilization", 0.5);

        post(body)
                .body("recommendation.gpu", equalTo("t4"))
                // floor(15,642,329,088 x 0.5) = 7,821,164,544
                .body("recommendation.budgetBytes", whole(7_821_164_544L))
                // 7,821,164,544 - 2,033,554,432 = 5,787,610,112
                .body("recommendation.headroomBytes", whole(5_787_610_112L));
    }

    @Test
    void totalExactlyAtTheBudgetFits() {
        // memoryUtilization 1: P100 budget 16,000,000,000
        // 7,999,999,998 x 2 B = 15,999,999,996 weights + 2 x 1 x (1 x 1) x 2 B = 4 B KV = 16,000,000,000
        Map<String, Object> body = tiny();
        body.put("parameters", 7_999_999_998L);
        body.put("memoryUtilization", 1);
        body.put("minHeadroomBytes", 0);
        body.put("gpus", List.of("P100"));

        post(body)
                .body("resolved.minHeadroomBytes", whole(0))
                .body("total.bytes", whole(16_000_000_000L))
                .body("recommendation.gpu", equalTo("p100-pcie-16gb"))
                .body("recommendation.headroomBytes", whole(0))
                .body("candidates[0].fits", equalTo(true))
                .body("shortfall", nullValue());
    }

    @Test
    void oneTokenMoreThanTheBudgetDoesNotFit() {
        // as above with 2 tokens: 15,999,999,996 + 2 x 4 B = 16,000,000,004 > 16,000,000,000
        Map<String, Object> body = tiny();
        body.put("parameters", 7_999_999_998L);
        body.put("sequenceLength", 2);
        body.put("memoryUtilization", 1);
        body.put("minHeadroomBytes", 0);
        body.put("gpus", List.of("P100"));

        post(body)
                .body("total.bytes", whole(16_000_000_004L))
                .body("recommendation", nullValue())
                .body("candidates[0].fits", equalTo(false))
                .body("candidates[0].compatible", equalTo(true))
                .body("candidates[0].headroomBytes", whole(-4))
                .body("shortfall.largestGpu", equalTo("p100-pcie-16gb"))
                .body("shortfall.shortfallBytes", whole(4));
    }

    @Test
    void seventyBillionInFp16PicksTheSmallestGpuThatHoldsIt() {
        // 70,000,000,000 x 2 B = 140,000,000,000 weights + seed KV 33,554,432 = 140,033,554,432.
        // Budgets (x 0.9): h200 126,900,000,000 (too small), b200 162,000,000,000 (fits),
        // mi300x 185,240,597,299 and mi325x 230,400,000,000 (fit) -> b200, the smallest single GPU.
        Map<String, Object> body = seed();
        body.put("parametersBillions", 70);

        post(body)
                .body("total.bytes", whole(140_033_554_432L))
                .body("recommendation.gpu", equalTo("b200"))
                .body("recommendation.count", equalTo(1))
                .body("recommendation.budgetBytes", whole(162_000_000_000L))
                // single GPUs that fit come first: b200, mi300x, mi325x; the rest need several GPUs
                .body("candidates[0].gpu", equalTo("b200"))
                .body("candidates[1].gpu", equalTo("mi300x"))
                .body(
                        "candidates.findAll { it.count == 1 && it.fits }.gpu",
                        equalTo(List.of("b200", "mi300x", "mi325x")))
                // h200 on 2 GPUs: 140,000,000,000 / 2 + 33,554,432 / 2 = 70,016,777,216 per GPU
                .body(candidate("h200-sxm-141gb", "fits"), equalTo(true))
                .body(candidate("h200-sxm-141gb", "count"), equalTo(2))
                .body(candidate("h200-sxm-141gb", "requiredBytesPerGpu"), whole(70_016_777_216L))
                // 126,900,000,000 - 70,016,777,216
                .body(candidate("h200-sxm-141gb", "headroomBytes"), whole(56_883_222_784L))
                // its single-GPU try did not fit: 126,900,000,000 - 140,033,554,432 short
                .body(candidate("h200-sxm-141gb", "tried[0].fits"), equalTo(false))
                .body(candidate("h200-sxm-141gb", "tried[0].reason"), startsWith("needs"));
    }

    // ---------------------------------------------------------------- helpers

    /** One layer, one head of one element, one token: KV = 2 x 1 x 1 x 1 x 2 B = 4 B in fp16. */
    private static Map<String, Object> tiny() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("weightDtype", "fp16");
        body.put("numLayers", 1);
        body.put("numAttentionHeads", 1);
        body.put("headDim", 1);
        body.put("batchSize", 1);
        body.put("sequenceLength", 1);
        return body;
    }

    private ValidatableResponse post(Map<String, Object> body) {
        return postJson(api, "/estimate", json(body), 200);
    }

    /** GPath to a field of the candidate for {@code gpu}. */

    /** A JSON object of numbers, strings and lists of strings (enough for these requests). */
    private static String json(Map<String, Object> fields) {
        return fields.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + value(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String value(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(EstimateApiTest::value).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Number) {
            return value.toString();
        }
        return quote(String.valueOf(value));
    }

    private static String quote(String text) {
        return '"' + text + '"';
    }

    /** A JSON integer equal to {@code expected}, whatever Java type the JSON path gives it. */

    /** A JSON number numerically equal to {@code expected} (1 == 1.0). */
}
