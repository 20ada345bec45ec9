package io.gpufit.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpufit.model.ModelArchitecture;
import org.junit.jupiter.api.Test;

/** One GPU's share of the KV cache, from the same formula as the whole model's, worked out by hand. */
class ParallelismTest {

    /** 16 layers, 32 heads sharing 8 KV heads of 64: 2 x 16 x 8 x 64 x 2 B = 32,768 B per token in fp16. */
    private static final ModelArchitecture SEED = ModelArchitecture.explicit(1_000_000_000L, 16, 32, 8, 64);

    @Test
    void oneGpuHoldsTheWholeCache() {
        assertThat(Parallelism.SINGLE.kvBytesPerTokenPerGpu(SEED, Dtype.FP16)).isEqualTo(32_768L);
        // 256 tokens: 8,388,608 B
        assertThat(Parallelism.SINGLE.kvBytesPerSequencePerGpu(SEED, Dtype.FP16, 256))
                .isEqualTo(8_388_608L);
    }

    @Test
    void tensorAndPipelineParallelismSplitHeadsAndLayers() {
        // TP 2, PP 2: 8 layers per stage, 4 KV heads per rank: 2 x 8 x 4 x 64 x 2 B = 8,192 B per token
        assertThat(new Parallelism(2, 2).kvBytesPerTokenPerGpu(SEED, Dtype.FP16))
                .isEqualTo(8_192L);
        // PP 3: stages of ceil(16 / 3) = 6 layers: 2 x 6 x 8 x 64 x 2 B = 12,288 B per token
        assertThat(new Parallelism(1, 3).kvBytesPerTokenPerGpu(SEED, Dtype.FP16))
                .isEqualTo(12_288L);
        // TP 16 with 8 KV heads: each rank still caches one KV head: 2 x 16 x 1 x 64 x 2 B = 4,096 B
        assertThat(new Parallelism(16, 1).kvBytesPerTokenPerGpu(SEED, Dtype.FP16))
                .isEqualTo(4_096L);
    }

    @Test
    void ceilDivRoundsPartialUnitsUp() {
        assertThat(Rounding.ceilDiv(16, 3)).isEqualTo(6);
        assertThat(Rounding.ceilDiv(15, 3)).isEqualTo(5);
        assertThat(Rounding.ceilDiv(0, 16)).isZero();
        assertThat(Rounding.ceilDiv(1, 16)).isEqualTo(1);
    }
}
