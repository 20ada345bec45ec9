package io.gpufit.estimate;

import static io.gpufit.estimate.WeightFormulasTest.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpufit.model.ModelArchitecture;
import org.junit.jupiter.api.Test;

/** KV cache by attention type: GQA, MLA and sliding windows, against hand-derived figures. */
class ArchitectureKvCacheTest {

    private static final Precision BF16 = new Precision(Dtype.BF16, Dtype.BF16);

    @Test
    void mlaCachesOneLatentPerLayerNotHeadsTimesHeadDim() {
        MemoryEstimate v3 = MemoryEstimator.estimate(model("deepseek-ai--DeepSeek-V3"), BF16, new Workload(1, 4096));
        // 61 layers x (512 + 64) x 2 B = 70,272 B per token; x 4,096 tokens = 287,834,112 B.
        // Counted as MHA it would be 2 x 61 x 128 heads x 192 x 2 B = 5,996,544 B per token.
        assertThat(v3.kvCacheBytesPerToken()).isEqualTo(70_272L);
        assertThat(v3.kvCacheBytes()).isEqualTo(287_834_112L);
        assertThat(v3.derivation().get(2))
                .isEqualTo("KV cache per token = 61 layers x (512 latent + 64 rope) x 2 B "
                        + "(bf16) = 70,272 B (MLA: one compressed latent per layer, shared by K and V)");
    }

    @Test
    void deepSeekV3LeavesTheMultiTokenPredictionModuleOutUnlessAsked() {
        ModelArchitecture v3 = model("deepseek-ai--DeepSeek-V3");
        Precision fp8 = new Precision(Dtype.FP8_BLOCK, Dtype.BF16);
        MemoryEstimate without = MemoryEstimator.estimate(v3, fp8, new Workload(1, 1));
        MemoryEstimate with = MemoryEstimator.estimate(v3, fp8, new Workload(1, 1), true);
        assertThat(with.weightBytes() - without.weightBytes()).isEqualTo(without.extraModuleBytes());
        assertThat(without.derivation().get(1))
                .startsWith("Multi-token prediction (1 layer): 13,463,426,304 params")
                .contains("not included");
        assertThat(with.extraModuleIncluded()).isTrue();
    }

    @Test
    void gemma2SlidingLayersHoldAtMostTheirWindow() {
        MemoryEstimate gemma = MemoryEstimator.estimate(model("google--gemma-2-9b"), BF16, new Workload(1, 8192));
        // per layer and token: 2 x 8 x 256 x 2 B = 8,192 B; 42 layers: 344,064 B per token.
        // 21 global layers x 8,192 tokens + 21 sliding layers x 4,096 tokens = 258,048 layer-tokens x 8,192 B
        assertThat(gemma.kvCacheBytesPerToken()).isEqualTo(344_064L);
        assertThat(gemma.kvCacheBytes()).isEqualTo(258_048L * 8_192);
        assertThat(gemma.derivation().get(2))
                .isEqualTo("KV cache = 1 sequence x (21 sliding layers x 4,096 tokens "
                        + "(window 4,096) + 21 full-attention layers x 8,192 tokens) x 8,192 B per layer and token "
                        + "= 2,113,929,216 B (2.11 GB)");
    }

    @Test
    void shortSequencesFillNoWindow() {
        MemoryEstimate gemma = MemoryEstimator.estimate(model("google--gemma-2-9b"), BF16, new Workload(2, 1000));
        // below the window every layer holds every token: 2 x 1,000 x 344,064 B
        assertThat(gemma.kvCacheBytes()).isEqualTo(2L * 1000 * 344_064);
    }

    @Test
    void gptOssSlidingWindowOf128() {
        MemoryEstimate oss = MemoryEstimator.estimate(model("openai--gpt-oss-20b"), BF16, new Workload(1, 131_072));
        // per layer and token: 2 x 8 x 64 x 2 B = 2,048 B; 12 full layers x 131,072 + 12 sliding x 128 tokens
        assertThat(oss.kvCacheBytes()).isEqualTo((12L * 131_072 + 12L * 128) * 2_048);
    }

    @Test
    void quantizedKvCacheFormats() {
        ModelArchitecture llama = model("meta-llama--Llama-3.1-8B");
        // per layer and token 16 vectors of 128: q8_0 = 4 blocks x 34 B = 136 B per vector; x 16 x 32 layers
        assertThat(MemoryEstimator.estimate(llama, new Precision(Dtype.BF16, Dtype.Q8_0), new Workload(1, 1))
                        .kvCacheBytesPerToken())
                .isEqualTo(32L * 16 * 136);
        // q4_0: 4 blocks x 18 B = 72 B per vector
        assertThat(MemoryEstimator.estimate(llama, new Precision(Dtype.BF16, Dtype.Q4_0), new Workload(1, 1))
                        .kvCacheBytesPerToken())
                .isEqualTo(32L * 16 * 72);
        // fp8: 1 B per element: half of bf16's 131,072
        assertThat(MemoryEstimator.estimate(llama, new Precision(Dtype.BF16, Dtype.FP8), new Workload(1, 1))
                        .kvCacheBytesPerToken())
                .isEqualTo(65_536L);
    }

    @Test
    void quantizedWeightsDerivationNamesWhatStaysSixteenBit() {
        MemoryEstimate gptq = MemoryEstimator.estimate(
                model("TheBloke--Llama-2-7B-GPTQ"), new Precision(Dtype.GPTQ, Dtype.FP16, 128), new Workload(1, 1));
        // Llama-2-7B: 32 layers x (4 x 4,096^2 + 3 x 4,096 x 11,008) = 6,476,005,376 linear params;
        // embeddings + head 2 x 32,000 x 4,096 = 262,144,000 and norms 65 x 4,096 = 266,240 stay 16-bit
        assertThat(gptq.quantizedParameters()).isEqualTo(6_476_005_376L);
        assertThat(gptq.keptParameters()).isEqualTo(262_144_000L + 266_240L);
        assertThat(gptq.derivation().get(0))
                .startsWith("Weights = 6,476,005,376 params of linear layers in gptq "
                        + "(4-bit, group 128, scales and zeros included)");
    }
}
