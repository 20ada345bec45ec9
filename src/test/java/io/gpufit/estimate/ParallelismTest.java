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
    void pipelineStagesSplitLayersAsVllmsGetPpIndices() {
        // layers / pp each; the remainder one each to the stages before the last, second-to-last first
        assertThat(new Parallelism(1, 2).pipelineStageLayers(32)).containsExactly(16, 16);
        assertThat(new Parallelism(1, 2).pipelineStageLayers(33)).containsExactly(17, 16);
        // 30 / 4 = 7 rest 2: stages 3 and 2 (1-based) get one more
        assertThat(new Parallelism(1, 4).pipelineStageLayers(30)).containsExactly(7, 8, 8, 7);
        // 31 / 4 = 7 rest 3: all but the last
        assertThat(new Parallelism(1, 4).pipelineStageLayers(31)).containsExactly(8, 8, 8, 7);
        assertThat(new Parallelism(1, 1).pipelineStageLayers(5)).containsExactly(5);
    }

    @Test
    void vllmsHybridAllocatorPadsKindsToGroupsOfTheSmallestKind() {
        // one kind: every layer a slot
        assertThat(Parallelism.vllmLayerSlots(java.util.List.of(32))).isEqualTo(32);
        // Gemma 2 2B: 13 sliding + 13 full, groups of 13: 26
        assertThat(Parallelism.vllmLayerSlots(java.util.List.of(13, 13))).isEqualTo(26);
        // Gemma 3 4B: 29 sliding + 5 full, groups of 5: 6 + 1 groups = 35 slots (one of padding)
        assertThat(Parallelism.vllmLayerSlots(java.util.List.of(29, 5))).isEqualTo(35);
        // Gemma 3 12B: 40 + 8, groups of 8: 48; Llama 4 Scout: 36 chunked + 12 full, groups of 12: 48
        assertThat(Parallelism.vllmLayerSlots(java.util.List.of(40, 8))).isEqualTo(48);
        assertThat(Parallelism.vllmLayerSlots(java.util.List.of(36, 12))).isEqualTo(48);
        // 12 < 1.25 x 10: groups of the larger kind, 12: 2 groups = 24 slots
        assertThat(Parallelism.vllmLayerSlots(java.util.List.of(10, 12))).isEqualTo(24);
    }

    @Test
    void ceilDivRoundsPartialUnitsUp() {
        assertThat(Rounding.ceilDiv(16, 3)).isEqualTo(6);
        assertThat(Rounding.ceilDiv(15, 3)).isEqualTo(5);
        assertThat(Rounding.ceilDiv(0, 16)).isZero();
        assertThat(Rounding.ceilDiv(1, 16)).isEqualTo(1);
    }
}
