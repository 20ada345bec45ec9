package io.gpufit.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.MemoryEstimator;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.Precision;
import io.gpufit.estimate.ShardSizes;
import io.gpufit.estimate.Term;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuCatalog;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.ModelConfigReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.DefaultResourceLoader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The vLLM budget against what vLLM v0.19.0 printed at startup on H100 80GB
 * (src/test/resources/calibration, copied from ../shared/reference): KV tokens within 2%.
 */
public class VllmEngineTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Calibration models: the -Instruct/-Chat checkpoints share their base models' configs. */
    static final Map<String, String> CONFIG = Map.of(
            "codellama/CodeLlama-7b-hf", "codellama--CodeLlama-7b-hf",
            "meta-llama/Llama-3.1-8B-Instruct", "meta-llama--Llama-3.1-8B",
            "mistralai/Mixtral-8x7B-Instruct-v0.1", "mistralai--Mixtral-8x7B-v0.1",
            "deepseek-ai/DeepSeek-V2-Lite-Chat", "deepseek-ai--DeepSeek-V2-Lite-Chat");

    /** vLLM with these settings, on the profile of their version. */
    public static VllmEngine engine(VllmSettings settings) {
        return new VllmEngine(
                settings,
                io.gpufit.application.VllmProfileFiles.EMBEDDED
                        .forVersion(settings.version())
                        .orElseThrow());
    }

    static JsonNode read(String resource) {
        try (InputStream in = VllmEngineTest.class.getResourceAsStream(resource)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ModelArchitecture model(String file) {
        return ModelConfigReader.read(read("/models/" + file + ".json"), "modelConfig");
    }

    static GpuProfile h100() {
        var catalog = new GpuCatalog(io.gpufit.gpu.GpuCatalogTestSupport.embedded(new DefaultResourceLoader()));
        return catalog.find("h100-sxm5-80gb").orElseThrow();
    }

    static Stream<JsonNode> points() {
        JsonNode points = read("/calibration/vllm-0.19-h100-calibration.json").get("points");
        return java.util.stream.IntStream.range(0, points.size()).mapToObj(points::get);
    }

    static VllmBudget budget(JsonNode point) {
        JsonNode s = point.get("settings");
        ModelArchitecture model = model(CONFIG.get(point.get("model").stringValue()));
        VllmSettings settings = new VllmSettings(
                "0.19",
                new BigDecimal(s.get("gpu_memory_utilization").asString()),
                s.get("max_model_len").intValue(),
                s.get("max_num_seqs").intValue(),
                s.get("max_num_batched_tokens").intValue(),
                s.get("block_size").intValue(),
                s.get("tensor_parallel_size").intValue(),
                s.get("pipeline_parallel_size").intValue(),
                null,
                null);
        Parallelism parallelism = new Parallelism(
                s.get("tensor_parallel_size").intValue(),
                s.get("pipeline_parallel_size").intValue());
        return budget(model, settings, parallelism);
    }

    /** vLLM's budget for BF16 weights and cache, one sequence of 8,192 tokens, on one GPU of a placement on H100. */
    static VllmBudget budget(ModelArchitecture model, VllmSettings settings, Parallelism parallelism) {
        MemoryEstimate estimate =
                MemoryEstimator.estimate(model, new Precision(Dtype.BF16, Dtype.BF16), new Workload(1, 8192));
        return io.gpufit.serving.VllmEngineTest.engine(settings).budget(new ShardSizes(estimate), parallelism, h100());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("points")
    void reproducesMeasuredKvCacheTokensWithinTwoPercent(JsonNode point) {
        VllmBudget budget = budget(point);
        long measured = point.get("measured").get("kv_tokens").longValue();
        assertThat((double) budget.kvCacheTokens())
                .isCloseTo(measured, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(budget.fits()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("points")
    void eachTermIsCloseToTheLoggedFigure(JsonNode point) {
        VllmBudget budget = budget(point);
        JsonNode m = point.get("measured");
        double gib = 1L << 30;
        // weights within 0.2 GiB (MLA keeps a few absorbed copies we do not model), non-torch exact to the log's
        // rounding
        assertThat(budget.weights().bytes() / gib)
                .isCloseTo(m.get("weights_gib").doubleValue(), org.assertj.core.data.Offset.offset(0.2));
        assertThat(budget.nonTorch().bytes() / gib)
                .isCloseTo(m.get("non_torch_gib").doubleValue(), org.assertj.core.data.Offset.offset(0.011));
        assertThat(budget.activationPeak().bytes() / gib)
                .isCloseTo(m.get("activation_peak_gib").doubleValue(), org.assertj.core.data.Offset.offset(0.3));
    }

    @Test
    void llama8bTermsByHand() {
        ModelArchitecture llama = model("meta-llama--Llama-3.1-8B");
        VllmSettings settings =
                new VllmSettings("0.19", new BigDecimal("0.95"), 8192, 1024, 8192, 16, 1, 1, null, null);
        VllmBudget b = budget(llama, settings, Parallelism.SINGLE);
        // 85,017,755,648 x 0.95 = 80,766,867,865.6 -> 80,766,867,865
        assertThat(b.requested().bytes()).isEqualTo(80_766_867_865L);
        // 8,030,261,248 x 2 B + rotary cache 131,072 positions x 128 x 2 B = 16,060,522,496 + 33,554,432
        assertThat(b.weights().bytes()).isEqualTo(16_094_076_928L);
        // forward: 8,192 tokens x (3 x 14,336 + 4 x 4,096) x 2 B = 973,078,528
        assertThat(b.forwardPeak().bytes()).isEqualTo(973_078_528L);
        // sampler: 1,024 x 128,256 logits x 14 B = 1,838,678,016, + 132 scratch rows x 128,256 x 4 B =
        // 67,719,168, + hidden states 8,192 x 4,096 x 2 B = 67,108,864: 1,973,506,048
        assertThat(b.samplerPeak().bytes()).isEqualTo(1_973_506_048L);
        // the sampler runs after the forward's activations are freed: the larger of the two, plus the profiling
        // workspace of 0.19 (floor(0.05 GiB) = 53,687,091); a dense model on one GPU keeps no MoE workspace,
        // encoder outputs or pipeline buffers
        assertThat(b.activationPeak().bytes()).isEqualTo(1_973_506_048L + 53_687_091L);
        assertThat(b.moeWorkspace().bytes()).isZero();
        assertThat(b.encoderProfiling().bytes()).isZero();
        assertThat(b.pipelineBuffers().bytes()).isZero();
        assertThat(b.cudaGraphs().bytes()).isZero();
        long kv = 80_766_867_865L - 16_094_076_928L - (1_973_506_048L + 53_687_091L) - 268_435_456L;
        assertThat(b.kvCacheBytes()).isEqualTo(kv);
        // 131,072 B per token x 16-token blocks
        assertThat(b.kvCacheTokens()).isEqualTo(kv / (131_072L * 16) * 16);
    }

    @Test
    void version021DefaultsToNinetyTwoPercentAndReservesCudaGraphs() {
        ModelArchitecture llama = model("meta-llama--Llama-3.1-8B");
        VllmBudget b = budget(llama, VllmSettings.DEFAULTS, Parallelism.SINGLE);
        assertThat(b.version()).isEqualTo("0.21");
        assertThat(b.gpuMemoryUtilization()).isEqualByComparingTo("0.92");
        assertThat(b.cudaGraphs().bytes()).isPositive();
        assertThat(b.maxModelLen()).isEqualTo(131_072); // the config's max_position_embeddings
    }

    @Test
    void refusesToStartWhenOneSequenceDoesNotFitAndSaysWhatWould() {
        ModelArchitecture llama70 = model("meta-llama--Llama-3.1-70B");
        VllmSettings settings =
                new VllmSettings("0.19", new BigDecimal("0.90"), 131_072, null, null, null, 2, 1, null, null);
        VllmBudget b = budget(llama70, settings, new Parallelism(2, 1));
        // 70.5B params x 2 B / 2 GPUs = 70.5 GB per GPU of 76.5 GB: a few GB of KV, far below 131,072 tokens
        assertThat(b.fits()).isFalse();
        assertThat(b.largestMaxModelLen()).isEqualTo(b.kvCacheTokens()).isLessThan(131_072);
        assertThat(b.derivation().get(b.derivation().size() - 1)).contains("refuses to start");
        // what is missing is the KV cache of one max_model_len sequence (the workload's 8,192 tokens are
        // fewer): 131,072 tokens x kv bytes per token on this GPU - the KV cache it gets, always positive
        assertThat(b.missingBytes()).isPositive().isEqualTo(131_072L * b.kvBytesPerTokenPerGpu() - b.kvCacheBytes());
    }

    @Test
    void reservesLargerThanTheRequestShowNoNegativeKvCache() {
        // 405B in bf16 on one H100: the weights alone exceed the request
        VllmBudget b = budget(model("meta-llama--Llama-3.1-405B"), VllmSettings.DEFAULTS, Parallelism.SINGLE);
        assertThat(b.kvCacheBytes()).isNegative();
        assertThat(b.derivation()).noneMatch(line -> line.matches(".*-\\s?\\d[\\d,]*\\s?B\\b.*"));
        assertThat(b.derivation())
                .anyMatch(line -> line.startsWith("  = no KV cache: the reserves exceed the request by"));
        // 131,072 tokens of KV cache are missing, and all the KV cache is: the missing amount is that much
        assertThat(b.missingBytes()).isEqualTo(131_072L * b.kvBytesPerTokenPerGpu());
    }

    @Test
    void moreGpusNeverHoldFewerTokens() {
        for (String file : List.of(
                "meta-llama--Llama-3.1-8B",
                "mistralai--Mixtral-8x7B-v0.1",
                "deepseek-ai--DeepSeek-V2-Lite",
                "Qwen--Qwen2.5-7B",
                "openai--gpt-oss-20b")) {
            ModelArchitecture model = model(file);
            long previous = -1;
            for (int tp : new int[] {1, 2, 4}) {
                Parallelism parallelism = new Parallelism(tp, 1);
                if (parallelism.invalidity(model).isPresent()) {
                    continue;
                }
                long tokens = budget(model, VllmSettings.DEFAULTS, parallelism).kvCacheTokens();
                assertThat(tokens).as("%s TP %d", file, tp).isGreaterThanOrEqualTo(previous);
                previous = tokens;
            }
        }
    }

    @Test
    void raisingUtilizationNeverLowersCapacity() {
        ModelArchitecture llama = model("meta-llama--Llama-3.1-8B");
        long previous = -1;
        for (int percent = 50; percent <= 100; percent += 5) {
            VllmSettings settings = new VllmSettings(
                    "0.19", BigDecimal.valueOf(percent, 2), 8192, null, null, null, null, null, null, null);
            long tokens = budget(llama, settings, Parallelism.SINGLE).kvCacheTokens();
            assertThat(tokens).isGreaterThanOrEqualTo(previous);
            previous = tokens;
        }
    }

    @Test
    void llama8bWorkloadTermsAddUpToWhatTheGpuNeeds() {
        ModelArchitecture llama = model("meta-llama--Llama-3.1-8B");
        VllmSettings settings =
                new VllmSettings("0.19", new BigDecimal("0.95"), 8192, 1024, 8192, 16, 1, 1, null, null);
        VllmBudget b = budget(llama, settings, Parallelism.SINGLE);
        // one sequence of 8,192 tokens = 512 whole blocks of 16: 8,192 x 131,072 B = 1,073,741,824 B
        assertThat(b.workloadKvCache().bytes()).isEqualTo(1_073_741_824L);
        assertThat(b.terms())
                .extracting(Term::label)
                .containsExactly(
                        b.weights().label(),
                        "activation peak",
                        "non-torch memory (CUDA context)",
                        "KV cache for the workload");
        // weights + activation peak (the sampler's) + non-torch (as in llama8bTermsByHand) + the workload's KV cache
        long reserved = 16_094_076_928L + 1_973_506_048L + 53_687_091L + 268_435_456L;
        assertThat(b.requiredBytes()).isEqualTo(Term.sum(b.terms())).isEqualTo(reserved + 1_073_741_824L);
        assertThat(b.limitBytes()).isEqualTo(80_766_867_865L);
        assertThat(b.reason()).isNull();
        assertThat(b.derivation().get(2)).contains("max(forward 973,078,528 B, sampler 1,973,506,048 B)");
        assertThat(b.derivation().get(4)).contains("1,024 seqs x 128,256 vocab x 14 B");
    }

    @Test
    void aSequenceLongerThanMaxModelLenDoesNotFit() {
        VllmSettings settings = new VllmSettings("0.19", null, 4096, null, null, null, null, null, null, null);
        VllmBudget b = budget(model("meta-llama--Llama-3.1-8B"), settings, Parallelism.SINGLE);
        assertThat(b.fits()).isTrue(); // vLLM starts, but rejects the workload's 8,192-token sequences
        assertThat(b.reason())
                .isEqualTo("vLLM rejects sequences longer than max_model_len (4,096); sequenceLength is 8,192: shorten "
                        + "it, or raise engine.maxModelLen (past the model's context only with "
                        + "VLLM_ALLOW_LONG_MAX_MODEL_LEN=1)");
        // not for lack of memory: nothing is missing
        assertThat(b.missingBytes()).isZero();
    }

    @Test
    void placementsAreTheSettingsFixedSizesElseOneToEightGpus() {
        assertThat(io.gpufit.serving.VllmEngineTest.engine(VllmSettings.DEFAULTS)
                        .placements())
                .extracting(Parallelism::gpus)
                .containsExactly(1, 2, 4, 8);
        assertThat(io.gpufit.serving.VllmEngineTest.engine(
                                new VllmSettings(null, null, null, null, null, null, 2, null, null, null))
                        .placements())
                .containsExactly(new Parallelism(2, 1));
        assertThat(io.gpufit.serving.VllmEngineTest.engine(
                                new VllmSettings(null, null, null, null, null, null, null, 4, null, null))
                        .placements())
                .containsExactly(new Parallelism(1, 4));
    }

    @Test
    void mixtralKeepsTheFusedMoeWorkspaceBesideTheSamplerRun() {
        VllmSettings settings =
                new VllmSettings("0.19", new BigDecimal("0.95"), 8192, 1024, 8192, 16, 2, 1, null, null);
        VllmBudget b = budget(model("mistralai--Mixtral-8x7B-v0.1"), settings, new Parallelism(2, 1));
        // expert width 14,336 / TP 2 = 7,168, hidden 4,096, top-2:
        // 8,192 x 2 x (max(7,168, 4,096) + max(14,336, 4,096)) x 2 B = 704,643,072
        assertThat(b.moeWorkspace().bytes()).isEqualTo(704_643_072L);
        // forward 8,192 x (3 x 7,168 + 4 x 4,096) x 2 B = 620,756,992 beats the sampler
        // 1,024 x 32,000 x 14 + 132 x 32,000 x 4 + 8,192 x 4,096 x 2 = 458,752,000 + 16,896,000 + 67,108,864
        assertThat(b.forwardPeak().bytes()).isEqualTo(620_756_992L);
        assertThat(b.samplerPeak().bytes()).isEqualTo(542_756_864L);
        assertThat(b.activationPeak().bytes()).isEqualTo(620_756_992L + 704_643_072L + 53_687_091L);
        // vLLM 0.19 logged 1.21 GiB; this is 1.28 GiB, 0.07 GiB (0.25% of the KV cache) high
        assertThat(b.activationPeak().bytes() / (double) (1L << 30))
                .isCloseTo(1.21, org.assertj.core.data.Offset.offset(0.08));
    }

    @Test
    void before017TheSamplerSortedTheLogits() {
        ModelArchitecture qwen = model("Qwen--Qwen3-8B");
        long seqsTimesVocab = 1024L * 151_936;
        VllmSettings old = new VllmSettings("0.16", new BigDecimal("0.95"), 8192, 1024, 8192, 16, 1, 1, null, null);
        VllmSettings triton = new VllmSettings("0.17", new BigDecimal("0.95"), 8192, 1024, 8192, 16, 1, 1, null, null);
        // 0.15/0.16: 38.04 B a logit (fitted on Qwen3-14B's 5.64 GiB), no scratch rows, + hidden 8,192 x 4,096 x 2 B
        assertThat(budget(qwen, old, Parallelism.SINGLE).samplerPeak().bytes())
                .isEqualTo(seqsTimesVocab * 3804 / 100 + 8_192L * 4_096 * 2);
        // 0.17: 14 B a logit + 132 scratch rows x 151,936 x 4 B + hidden
        assertThat(budget(qwen, triton, Parallelism.SINGLE).samplerPeak().bytes())
                .isEqualTo(seqsTimesVocab * 14 + 132L * 151_936 * 4 + 8_192L * 4_096 * 2);
        // and 0.17 still has 0.13 GiB of non-torch memory on one GPU, 0.18 0.25 GiB
        assertThat(budget(qwen, triton, Parallelism.SINGLE).nonTorch().bytes()).isEqualTo(139_586_437L);
        VllmSettings v018 = new VllmSettings("0.18", new BigDecimal("0.95"), 8192, 1024, 8192, 16, 1, 1, null, null);
        assertThat(budget(qwen, v018, Parallelism.SINGLE).nonTorch().bytes()).isEqualTo(268_435_456L);
    }

    @Test
    void needsComputeCapabilitySevenOnNvidia() {
        VllmEngine engine = io.gpufit.serving.VllmEngineTest.engine(VllmSettings.DEFAULTS);
        assertThat(engine.incompatibility(profile("NVIDIA", "6.0")))
                .get()
                .asString()
                .isEqualTo("not compatible: vLLM needs compute capability 7.0 or higher; TEST has 6.0");
        assertThat(engine.incompatibility(profile("NVIDIA", "7.0"))).isEmpty();
        assertThat(engine.incompatibility(profile("AMD", "gfx942"))).isEmpty();
    }

    static GpuProfile profile(String vendor, String computeCapability) {
        return new GpuProfile(
                "test",
                "TEST",
                vendor,
                List.of(),
                List.of(),
                16,
                16_000_000_000L,
                "test",
                BigDecimal.ONE,
                computeCapability,
                false,
                false,
                BigDecimal.ONE,
                100,
                null,
                null);
    }
}
