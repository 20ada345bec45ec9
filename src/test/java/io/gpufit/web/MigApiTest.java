package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.postJson;
import static io.gpufit.web.JsonMatchers.seed;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code allowMig}: MIG slices as candidates. Slice sizes are the driver-reported figures of gpus.yaml
 * (A100 80GB 1g.10gb: 9,728 MiB = 10,200,547,328 B, nvidia-smi on an A100 80GB PCIe), the rest worked
 * out by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MigApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** 9,728 MiB. */
    static final long A100_80_1G = 9_728L * 1_048_576;

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

    /**
     * The seed on an A100 80GB with MIG: the smallest slice, 1g.10gb. Budget floor(10,200,547,328 x 0.9) =
     * 9,180,492,595 B holds the 2,033,554,432 B and the 2,684,354,560 B headroom, leaving 7,146,938,163 B.
     * --gpu-memory-utilization = 4,717,908,992 / 10,200,547,328 = 0.4625 -> 0.47.
     */
    @Test
    void theSeedOnAnA100WithMigGetsTheSmallestSlice() {
        Map<String, Object> body = seed();
        body.put("gpus", List.of("a100-sxm4-80gb"));
        body.put("allowMig", true);
        JsonPath answer = estimate(body);

        assertThat(answer.getString("recommendation.gpu")).isEqualTo("a100-sxm4-80gb");
        assertThat(answer.getString("recommendation.migProfile")).isEqualTo("1g.10gb");
        assertThat(answer.getString("recommendation.name")).isEqualTo("NVIDIA A100 SXM4 80GB MIG 1g.10gb");
        assertThat(answer.getInt("recommendation.count")).isEqualTo(1);
        assertThat(answer.getLong("recommendation.budgetBytes")).isEqualTo(9_180_492_595L);
        assertThat(answer.getLong("recommendation.headroomBytes")).isEqualTo(7_146_938_163L);
        assertThat(answer.getString("recommendation.reason"))
                .startsWith("Smallest compatible GPU or MIG slice that fits");
        Map<String, Object> deployment = answer.getMap("recommendation.deployment");
        assertThat(deployment.get("engineArgs"))
                .isEqualTo(List.of(
                        "--tensor-parallel-size=1",
                        "--pipeline-parallel-size=1",
                        "--max-model-len=256",
                        "--gpu-memory-utilization=0.47",
                        "--max-num-seqs=4"));
        assertThat(answer.getMap("recommendation.deployment.kubernetes.resources.limits"))
                .containsExactly(entry("nvidia.com/mig-1g.10gb", 1));
        // the mixed strategy keeps the whole GPU's product label
        assertThat(answer.getMap("recommendation.deployment.kubernetes.nodeSelector"))
                .containsExactly(entry("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB"));
        assertThat(answer.getList("recommendation.deployment.notes", String.class))
                .singleElement()
                .asString()
                .contains("mixed MIG strategy", "nvidia.com/mig-1g.10gb");

        // the slice's row: its memory; the plain slice before its +me twin; 7g.80gb is left to the whole GPU
        assertThat(answer.getLong("candidates[0].usableMemoryBytes")).isEqualTo(A100_80_1G);
        assertThat(answer.getList("candidates.migProfile"))
                .containsExactly("1g.10gb", "1g.10gb+me", "2g.20gb", "3g.40gb", "4g.40gb", null);
        assertThat(answer.getMap("candidates[1].deployment.kubernetes.resources.limits"))
                .containsExactly(entry("nvidia.com/mig-1g.10gb.me", 1));
        assertThat(answer.getList("candidates.tensorParallelSize", Integer.class))
                .containsOnly(1);
    }

    /**
     * The slice's share of the A100's speed: 2,039 GB/s x 1/8 = 254.875 GB/s at 80% reads 2,033,554,432 B a
     * step in 9.9733 ms: 100.3 tokens/s a sequence, 401.1 for 4; prefill 2 x 10^9 x 256 / (312 TFLOPS x 1/7
     * x 50%) = 0.0230 s.
     */
    @Test
    void aSliceHasItsShareOfBandwidthAndCompute() {
        Map<String, Object> body = seed();
        body.put("gpus", List.of("a100-sxm4-80gb"));
        body.put("allowMig", true);
        JsonPath answer = estimate(body);

        assertThat(answer.getDouble("candidates[0].speed.decodeTokensPerSecondPerSequence"))
                .isEqualTo(100.3);
        assertThat(answer.getDouble("candidates[0].speed.decodeTokensPerSecondTotal"))
                .isEqualTo(401.1);
        assertThat(answer.getDouble("candidates[0].speed.prefillSeconds")).isEqualTo(0.0230);
    }

    /** Without allowMig nothing changes: the seed with its GPU list still picks the P100, no slice rows. */
    @Test
    void withoutAllowMigTheAnswerIsUnchanged() {
        Map<String, Object> body = seed();
        body.put("gpus", List.of("p100-pcie-16gb", "a40", "a100-pcie-40gb", "a100-sxm4-80gb"));
        JsonPath answer = estimate(body);
        assertThat(answer.getString("recommendation.gpu")).isEqualTo("p100-pcie-16gb");
        assertThat(answer.getMap("recommendation")).doesNotContainKey("migProfile");
        assertThat(answer.getList("candidates")).hasSize(4);

        body.put("allowMig", false);
        assertThat(estimate(body).getMap("$")).isEqualTo(answer.getMap("$"));
    }

    /**
     * The seed's own GPU list with MIG: the 40GB's 1g.5gb (4,864 MiB) has a budget of floor(5,100,273,664 x
     * 0.9) = 4,590,246,297 B, short of the 4,717,908,992 B needed with the headroom; the next smallest slice
     * that fits is the 80GB's 1g.10gb, smaller than the 40GB's 1g.10gb (9,850 MiB).
     */
    @Test
    void theSmallestSliceThatFitsWinsOverSmallerOnesThatDoNot() {
        Map<String, Object> body = seed();
        body.put("gpus", List.of("p100-pcie-16gb", "a40", "a100-pcie-40gb", "a100-sxm4-80gb"));
        body.put("allowMig", true);
        JsonPath answer = estimate(body);

        assertThat(answer.getString("recommendation.gpu")).isEqualTo("a100-sxm4-80gb");
        assertThat(answer.getString("recommendation.migProfile")).isEqualTo("1g.10gb");
        String small = "candidates.find { it.migProfile == '1g.5gb' }.";
        assertThat(answer.getString(small + "gpu")).isEqualTo("a100-pcie-40gb");
        assertThat(answer.getBoolean(small + "fits")).isFalse();
        assertThat(answer.getLong(small + "budgetBytes")).isEqualTo(4_590_246_297L);
    }

    /** vLLM in a slice: its budget starts from the slice's memory, and the small-GPU defaults apply. */
    @Test
    void vllmInASliceBudgetsTheSlicesMemory() {
        Map<String, Object> body = Map.of(
                "model",
                "Qwen/Qwen2.5-0.5B",
                "batchSize",
                4,
                "sequenceLength",
                1024,
                "engine",
                Map.of("name", "vllm"),
                "gpus",
                List.of("a100-sxm4-80gb"),
                "allowMig",
                true);
        JsonPath answer = estimate(body);

        assertThat(answer.getString("recommendation.migProfile")).isEqualTo("1g.10gb");
        assertThat(answer.getLong("candidates[0].serving.totalMemoryBytes")).isEqualTo(A100_80_1G);
        assertThat(answer.getList("recommendation.deployment.engineArgs", String.class))
                .contains("--max-num-seqs=256", "--max-num-batched-tokens=2048");
    }

    @Test
    void aFixedTensorParallelSizeExcludesSlicesAndSaysSo() {
        Map<String, Object> body = Map.of(
                "model",
                "Qwen/Qwen2.5-0.5B",
                "batchSize",
                4,
                "sequenceLength",
                1024,
                "engine",
                Map.of("name", "vllm", "tensorParallelSize", 2),
                "gpus",
                List.of("a100-sxm4-80gb"),
                "allowMig",
                true);
        JsonPath answer = estimate(body);

        assertThat(answer.getList("candidates")).hasSize(1);
        assertThat(answer.getList("warnings", String.class))
                .anyMatch(w -> w.startsWith("allowMig: no MIG slice was considered"));
    }

    @Test
    void gpusWithoutMigProfilesAreSaidToHaveNone() {
        Map<String, Object> body = seed();
        body.put("gpus", List.of("l4"));
        body.put("allowMig", true);
        JsonPath answer = estimate(body);

        assertThat(answer.getList("candidates")).hasSize(1);
        assertThat(answer.getList("warnings", String.class))
                .anyMatch(w -> w.startsWith("allowMig: none of the GPUs considered has MIG profiles"));
    }

    /**
     * GET /gpus/{id} lists the MIG profiles. H100 80GB: GPU Feature Discovery's mig-&lt;profile&gt;.memory
     * labels (driver 550.54.15) give 9,984, 20,096 and 40,320 MiB for 1g.10gb, 2g.20gb and 3g.40gb.
     */
    @Test
    void theGpuProfileListsItsMigProfilesAndNodeLabel() {
        JsonPath h100 =
                given(api).get("/gpus/H100").then().statusCode(200).extract().jsonPath();

        assertThat(h100.getList("migProfiles.name"))
                .containsExactly("1g.10gb", "1g.10gb+me", "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb");
        assertThat(h100.getLong("migProfiles[0].memoryBytes")).isEqualTo(9_984L * 1_048_576);
        assertThat(h100.getLong("migProfiles[3].memoryBytes")).isEqualTo(20_096L * 1_048_576);
        assertThat(h100.getLong("migProfiles[4].memoryBytes")).isEqualTo(40_320L * 1_048_576);
        assertThat(h100.getString("migProfiles[0].memoryFraction")).isEqualTo("1/8");
        assertThat(h100.getString("migProfiles[0].computeFraction")).isEqualTo("1/7");
        assertThat(h100.getInt("migProfiles[0].maxInstances")).isEqualTo(7);
        assertThat(h100.getBoolean("migProfiles[1].mediaExtensions")).isTrue();
        assertThat(h100.getString("migProfiles[1].kubernetesResource")).isEqualTo("nvidia.com/mig-1g.10gb.me");
        assertThat(h100.getString("kubernetes.resource")).isEqualTo("nvidia.com/gpu");
        assertThat(h100.getMap("kubernetes.nodeSelector"))
                .containsExactly(entry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"));

        JsonPath l4 =
                given(api).get("/gpus/l4").then().statusCode(200).extract().jsonPath();
        assertThat(l4.getList("migProfiles")).isEmpty();
    }

    @Test
    void allowMigMustBeABoolean() {
        for (Object bad : Arrays.asList("yes", 1)) {
            Map<String, Object> body = seed();
            body.put("allowMig", bad);
            postJson(api, "/estimate", JSON.writeValueAsString(body), 400)
                    .body(
                            JsonMatchers.error("allowMig") + ".message",
                            org.hamcrest.Matchers.equalTo("must be true or false"));
        }
    }
}
