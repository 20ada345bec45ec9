package io.gpufit.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpufit.model.ModelArchitecture;
import java.math.BigInteger;
import java.util.SplittableRandom;
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

    @Test
    void theLongestSequenceOfAMillionSequencesIsFoundWithoutOverflow() {
        // 71,831,625,523 B beside the weights of a 1B fp16 model on an H100 (see ArithmeticLimitsApiTest):
        // 1,000,000 sequences x 32,768 B per token: 2 tokens (65,536,000,000 B); 3 would need 98,304,000,000 B.
        // The first probe, 2^30 tokens x 1,000,000 x 32,768 B, is beyond a long.
        assertThat(Parallelism.SINGLE.longestSequencePerGpu(SEED, Dtype.FP16, 1_000_000, 71_831_625_523L))
                .isEqualTo(2);
        assertThat(Parallelism.SINGLE.sequencesPerGpu(SEED, Dtype.FP16, 1, 71_831_625_523L))
                .isEqualTo(2_192_127);
    }

    @Test
    void aSequenceWhoseCacheIsBeyondALongHoldsNothing() {
        // 10,000 layers x 2 x 65,536 KV heads x 65,536 x 2 B = 171,798,691,840,000 B per token;
        // 100,000,000 tokens: 1.7e22 B, beyond 2^63 - 1: no sequence fits, and nothing overflows
        ModelArchitecture huge = ModelArchitecture.explicit(1, 10_000, 65_536, 65_536, 65_536);
        assertThat(Parallelism.SINGLE.sequencesPerGpu(huge, Dtype.FP16, 100_000_000, Long.MAX_VALUE))
                .isZero();
        assertThat(Parallelism.SINGLE.longestSequencePerGpu(huge, Dtype.FP16, 1_000_000, Long.MAX_VALUE))
                .isZero();
    }

    /**
     * Over random models, batches and budgets (some near 2^63 - 1): the longest sequence is exactly
     * floor(available / (batch x bytes per token)), capped at 2^31, worked out in BigInteger.
     */
    @Test
    void theLongestSequenceIsExactAndNeverOverflows() {
        SplittableRandom random = new SplittableRandom(20261203L);
        for (int i = 0; i < 5_000; i++) {
            int kvHeads = random.nextInt(1, 129);
            int layers = random.nextInt(1, 10_001);
            int headDim = random.nextInt(1, 65_537);
            ModelArchitecture model = ModelArchitecture.explicit(1, layers, kvHeads, kvHeads, headDim);
            long batch = random.nextLong(1, 1_000_001);
            long available = random.nextBoolean() ? random.nextLong(1, Long.MAX_VALUE) : random.nextLong(1, 1L << 40);
            // 2 (K and V) x layers x KV heads x head dim x 2 B (fp16)
            BigInteger perToken = BigInteger.valueOf(4L * layers * kvHeads * headDim);
            long expected = BigInteger.valueOf(available)
                    .divide(perToken.multiply(BigInteger.valueOf(batch)))
                    .min(BigInteger.ONE.shiftLeft(31))
                    .longValueExact();

            assertThat(Parallelism.SINGLE.longestSequencePerGpu(model, Dtype.FP16, batch, available))
                    .as("%d layers, %d KV heads of %d, batch %d, %d B", layers, kvHeads, headDim, batch, available)
                    .isEqualTo(expected);
        }
    }
}
