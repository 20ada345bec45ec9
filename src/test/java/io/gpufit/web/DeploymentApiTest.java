package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.postJson;
import static io.gpufit.web.JsonMatchers.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every candidate's {@code deployment}: the vLLM arguments and the pod spec fragment a scheduler hands on.
 * Expected arguments are worked out by hand from the request, the catalog and the rules in the API docs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeploymentApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private RequestSpecification api;

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).setContentType(ContentType.JSON).build();
    }

    private JsonPath estimate(Map<String, Object> body) {
        return postJson(api, "/estimate", JSON.writeValueAsString(body), 200)
                .extract()
                .jsonPath();
    }

    private static Map<String, Object> deployment(JsonPath answer, String gpu) {
        return answer.getMap("candidates.find { it.gpu == '" + gpu + "' && it.migProfile == null }.deployment");
    }

    @SuppressWarnings("unchecked")
    private static List<String> args(Map<String, Object> deployment) {
        return (List<String>) deployment.get("engineArgs");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> limits(Map<String, Object> deployment) {
        Map<String, Object> kubernetes = (Map<String, Object>) deployment.get("kubernetes");
        return (Map<String, Object>) ((Map<String, Object>) kubernetes.get("resources")).get("limits");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nodeSelector(Map<String, Object> deployment) {
        return (Map<String, Object>) ((Map<String, Object>) deployment.get("kubernetes")).get("nodeSelector");
    }

    // ------------------------------------------------------------------ textbook

    /**
     * The seed on each of its GPUs. What the estimate occupies per GPU: 2,033,554,432 B (weights + KV) +
     * 2,684,354,560 B (minimum headroom) = 4,717,908,992 B; over the usable memory, rounded up to 2 decimals:
     * P100 / 16,000,000,000 = 0.2949 -> 0.30; A40 / 48,000,000,000 = 0.0983 -> 0.10; A100 40GB /
     * 42,405,855,232 = 0.1113 -> 0.12; A100 80GB / 84,987,740,160 = 0.0555 -> 0.06.
     */
    @Test
    void textbookArgumentsKeepVllmInsideTheEstimate() {
        Map<String, Object> body = seed();
        body.put("gpus", List.of("p100-pcie-16gb", "a40", "a100-pcie-40gb", "a100-sxm4-80gb"));
        JsonPath answer = estimate(body);

        Map<String, String> utilization =
                Map.of("p100-pcie-16gb", "0.3", "a40", "0.1", "a100-pcie-40gb", "0.12", "a100-sxm4-80gb", "0.06");
        utilization.forEach((gpu, share) -> assertThat(args(deployment(answer, gpu)))
                .as(gpu)
                .containsExactly(
                        "--tensor-parallel-size=1",
                        "--pipeline-parallel-size=1",
                        "--max-model-len=256",
                        "--gpu-memory-utilization=" + share,
                        "--max-num-seqs=4"));
        assertThat(limits(deployment(answer, "a40"))).containsExactly(entry("nvidia.com/gpu", 1));
        assertThat(nodeSelector(deployment(answer, "a100-sxm4-80gb")))
                .containsExactly(entry("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB"));
        assertThat(nodeSelector(deployment(answer, "a100-pcie-40gb")))
                .containsExactly(entry("nvidia.com/gpu.product", "NVIDIA-A100-PCIE-40GB"));
        // the recommendation carries its candidate's recipe; vLLM does not run on the P100 (6.0), and says so
        assertThat(answer.getMap("recommendation.deployment")).isEqualTo(deployment(answer, "p100-pcie-16gb"));
        assertThat(nodeSelector(deployment(answer, "p100-pcie-16gb")))
                .containsExactly(entry("nvidia.com/gpu.product", "Tesla-P100-PCIE-16GB"));
        assertThat(answer.getList("recommendation.deployment.notes", String.class))
                .singleElement()
                .asString()
                .startsWith("vLLM does not run on this GPU (vLLM needs compute capability 7.0 or higher;");
        assertThat(answer.getList("candidates.find { it.gpu == 'a40' }.deployment.notes"))
                .isEmpty();
    }

    /**
     * memoryUtilization 0.2951 on the P100: the budget 4,721,600,000 B holds the 4,717,908,992 B, and 0.2949
     * rounds up to 0.30, above the request's 0.2951: the argument stays at 0.2951.
     */
    @Test
    void textbookUtilizationNeverExceedsTheRequests() {
        Map<String, Object> body = seed();
        body.put("gpus", List.of("p100-pcie-16gb"));
        body.put("memoryUtilization", 0.2951);
        JsonPath answer = estimate(body);

        assertThat(answer.getBoolean("candidates[0].fits")).isTrue();
        assertThat(args(deployment(answer, "p100-pcie-16gb"))).contains("--gpu-memory-utilization=0.2951");
    }

    /**
     * 60 billion fp16 parameters (120,000,000,000 B) need two H100s (60,000,000,000 B each beside the
     * cache, within 76,515,980,083 B less the headroom): TP 2, two GPUs in the pod's limits.
     */
    @Test
    void aTensorParallelPlacementAsksForItsGpus() {
        JsonPath answer = estimate(bigModel(List.of("h100-sxm5-80gb")));

        Map<String, Object> deployment = answer.getMap("recommendation.deployment");
        assertThat(args(deployment)).startsWith("--tensor-parallel-size=2", "--pipeline-parallel-size=1");
        assertThat(limits(deployment)).containsExactly(entry("nvidia.com/gpu", 2));
        assertThat(nodeSelector(deployment)).containsExactly(entry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"));
    }

    /** AMD: amd.com/gpu; the MI300X's node label is confirmed by AMD's docs, the MI325X's is not. */
    @Test
    void amdGpusUseAmdsResourceAndOnlyAConfirmedLabel() {
        Map<String, Object> body = seed();
        body.put("gpus", List.of("mi300x", "mi325x"));
        JsonPath answer = estimate(body);

        assertThat(limits(deployment(answer, "mi300x"))).containsExactly(entry("amd.com/gpu", 1));
        assertThat(nodeSelector(deployment(answer, "mi300x")))
                .containsExactly(entry("amd.com/gpu.product-name", "AMD_Instinct_MI300X_OAM"));
        assertThat(limits(deployment(answer, "mi325x"))).containsExactly(entry("amd.com/gpu", 1));
        @SuppressWarnings("unchecked")
        Map<String, Object> kubernetes =
                (Map<String, Object>) deployment(answer, "mi325x").get("kubernetes");
        assertThat(kubernetes).doesNotContainKey("nodeSelector");
    }

    /** Formats: fp8 cache and weights as flags, fp32 as --dtype, a cache vLLM cannot store as a note. */
    @Test
    void formatsBecomeDtypeKvCacheAndQuantizationArguments() {
        Map<String, Object> fp8 = seed();
        fp8.put("gpus", List.of("h100-sxm5-80gb"));
        fp8.put("weightDtype", "fp8");
        fp8.put("kvCacheDtype", "fp8");
        // explicit sizes have no checkpoint: fp8 weights are vLLM's --quantization fp8; activations stay fp16
        assertThat(args(deployment(estimate(fp8), "h100-sxm5-80gb")))
                .endsWith("--max-num-seqs=4", "--kv-cache-dtype=fp8", "--quantization=fp8");

        Map<String, Object> fp32 = seed();
        fp32.put("gpus", List.of("h100-sxm5-80gb"));
        fp32.put("weightDtype", "fp32");
        // vLLM's auto serves fp32 checkpoints in fp16: --dtype float32 keeps the fp32 weights and cache estimated
        assertThat(args(deployment(estimate(fp32), "h100-sxm5-80gb"))).endsWith("--dtype=float32");

        Map<String, Object> bf16 = seed();
        bf16.put("gpus", List.of("h100-sxm5-80gb"));
        bf16.put("weightDtype", "bf16");
        // explicit sizes compute in fp16 under auto: bf16 weights need --dtype bfloat16
        assertThat(args(deployment(estimate(bf16), "h100-sxm5-80gb"))).endsWith("--dtype=bfloat16");

        Map<String, Object> int8Cache = seed();
        int8Cache.put("gpus", List.of("h100-sxm5-80gb"));
        int8Cache.put("kvCacheDtype", "int8");
        Map<String, Object> deployment = deployment(estimate(int8Cache), "h100-sxm5-80gb");
        assertThat(args(deployment)).noneMatch(a -> a.startsWith("--kv-cache-dtype"));
        assertThat(deployment.get("notes").toString())
                .contains(
                        "KV cache in int8: vLLM has no --kv-cache-dtype for it and keeps it in fp16 (2 B per element, not 1 B)");

        Map<String, Object> int4 = seed();
        int4.put("gpus", List.of("h100-sxm5-80gb"));
        int4.put("weightDtype", "int4");
        assertThat(deployment(estimate(int4), "h100-sxm5-80gb").get("notes").toString())
                .contains("weights in int4: serve a checkpoint stored in that format");
    }

    // ---------------------------------------------------------------------- vLLM

    /**
     * Llama 3.1 8B under vLLM's defaults (latest profile, 0.21): max_model_len = its context, 131,072;
     * gpu_memory_utilization 0.92; on the H100 (70 GiB or more, not an A100) 1,024 sequences and 8,192
     * batched tokens, on the A100 80GB 256 and 2,048. bf16 checkpoint, bf16 cache: no dtype argument.
     */
    @Test
    void vllmArgumentsAreTheSettingsItsBudgetUsed() {
        Map<String, Object> body = Map.of(
                "model",
                "meta-llama/Llama-3.1-8B",
                "batchSize",
                32,
                "sequenceLength",
                8192,
                "engine",
                Map.of("name", "vllm"),
                "gpus",
                List.of("h100-sxm5-80gb", "a100-sxm4-80gb"));
        JsonPath answer = estimate(body);

        assertThat(args(deployment(answer, "h100-sxm5-80gb")))
                .containsExactly(
                        "--tensor-parallel-size=1",
                        "--pipeline-parallel-size=1",
                        "--max-model-len=131072",
                        "--gpu-memory-utilization=0.92",
                        "--max-num-seqs=1024",
                        "--max-num-batched-tokens=8192");
        assertThat(args(deployment(answer, "a100-sxm4-80gb")))
                .containsExactly(
                        "--tensor-parallel-size=1",
                        "--pipeline-parallel-size=1",
                        "--max-model-len=131072",
                        "--gpu-memory-utilization=0.92",
                        "--max-num-seqs=256",
                        "--max-num-batched-tokens=2048");
        // the same figures as the serving block the budget reports
        assertThat(answer.getInt("candidates.find { it.gpu == 'h100-sxm5-80gb' }.serving.maxNumSeqs"))
                .isEqualTo(1024);
    }

    /** Every setting given is passed on, in the documented order. */
    @Test
    void vllmSettingsGivenArePassedOn() {
        Map<String, Object> engine = Map.of(
                "name",
                "vllm",
                "version",
                "0.19",
                "gpuMemoryUtilization",
                0.95,
                "maxModelLen",
                8192,
                "blockSize",
                32,
                "kvCacheDtype",
                "fp8",
                "quantization",
                "fp8",
                "tensorParallelSize",
                2);
        Map<String, Object> body = Map.of(
                "model",
                "meta-llama/Llama-3.1-8B",
                "batchSize",
                32,
                "sequenceLength",
                8192,
                "engine",
                engine,
                "gpus",
                List.of("h100-sxm5-80gb"));
        Map<String, Object> deployment = estimate(body).getMap("recommendation.deployment");

        assertThat(args(deployment))
                .containsExactly(
                        "--tensor-parallel-size=2",
                        "--pipeline-parallel-size=1",
                        "--max-model-len=8192",
                        "--gpu-memory-utilization=0.95",
                        "--max-num-seqs=1024",
                        "--max-num-batched-tokens=8192",
                        "--block-size=32",
                        "--kv-cache-dtype=fp8",
                        "--quantization=fp8");
        assertThat(limits(deployment)).containsExactly(entry("nvidia.com/gpu", 2));
        assertThat(deployment.get("notes")).asList().isEmpty();
    }

    /** /plan answers each scenario as /estimate does: deployments included. */
    @Test
    void planScenariosCarryDeploymentsToo() {
        Map<String, Object> scenario = seed();
        Map<String, Object> plan =
                Map.of("gpus", List.of("a40"), "scenarios", List.of(Map.of("name", "seed", "request", scenario)));
        JsonPath answer = postJson(api, "/plan", JSON.writeValueAsString(plan), 200)
                .extract()
                .jsonPath();

        assertThat(answer.getList("results[0].estimate.recommendation.deployment.engineArgs", String.class))
                .contains("--gpu-memory-utilization=0.1");
        assertThat(answer.getList("results[0].estimate.candidates[0].deployment.engineArgs", String.class))
                .contains("--max-num-seqs=4");
    }

    /** The summary view for schedulers keeps the deployment. */
    @Test
    void theSummaryViewKeepsTheDeployment() {
        Map<String, Object> body = seed();
        body.put("gpus", List.of("a40"));
        JsonPath answer = postJson(api, "/estimate?view=summary", JSON.writeValueAsString(body), 200)
                .extract()
                .jsonPath();

        assertThat(answer.getList("candidates[0].deployment.engineArgs", String.class))
                .contains("--max-model-len=256");
    }

    /** 60 billion fp16 parameters (explicit sizes), 80 layers of 64 heads sharing 8 KV heads of 128, 1 x 1,024. */
    static Map<String, Object> bigModel(List<String> gpus) {
        return new java.util.LinkedHashMap<>(Map.of(
                "parametersBillions", 60,
                "weightDtype", "fp16",
                "numLayers", 80,
                "numAttentionHeads", 64,
                "numKeyValueHeads", 8,
                "headDim", 128,
                "batchSize", 1,
                "sequenceLength", 1024,
                "gpus", gpus));
    }
}
