package io.gpufit.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpufit.model.AttentionType;
import io.gpufit.model.KvLayout;
import io.gpufit.model.ModelArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryEstimatorTest {

    private static final ModelArchitecture SEED_SHAPE = ModelArchitecture.explicit(1_000_000_000L, 16, 32, 8, 64);
    private static final Precision FP16 = new Precision(Dtype.FP16, Dtype.FP16);

    @Test
    void seedExampleComesOutToTheByte() {
        MemoryEstimate estimate = MemoryEstimator.estimate(SEED_SHAPE, FP16, new Workload(4, 256));

        assertThat(estimate.weightBytes()).isEqualTo(2_000_000_000L);
        assertThat(estimate.kvCacheBytesPerToken()).isEqualTo(32_768L);
        assertThat(estimate.kvCacheBytes()).isEqualTo(33_554_432L);
        assertThat(estimate.totalBytes()).isEqualTo(2_033_554_432L);
    }

    @Test
    void seedDerivationReadsLikeTheWorkedExample() {
        MemoryEstimate estimate = MemoryEstimator.estimate(SEED_SHAPE, FP16, new Workload(4, 256));

        assertThat(estimate.derivation())
                .containsExactly(
                        "Weights = 1,000,000,000 params x 2 B (fp16) = 2,000,000,000 B (2.00 GB)",
                        "KV cache per token = 2 (K and V) x 16 layers x (8 KV heads x 64) x 2 B (fp16) = 32,768 B",
                        "KV cache = 4 sequences x 256 tokens x 32,768 B = 33,554,432 B (33.6 MB)",
                        "Total = 2,000,000,000 B weights + 33,554,432 B KV cache = 2,033,554,432 B (2.03 GB)");
    }

    @Test
    void kvCacheMayUseAnotherFormatThanTheWeights() {
        MemoryEstimate estimate =
                MemoryEstimator.estimate(SEED_SHAPE, new Precision(Dtype.FP16, Dtype.INT8), new Workload(4, 256));
        // 2 x 16 x 8 x 64 x 1 B = 16,384 B per token; x 1,024 tokens = 16,777,216 B
        assertThat(estimate.kvCacheBytesPerToken()).isEqualTo(16_384L);
        assertThat(estimate.kvCacheBytes()).isEqualTo(16_777_216L);
        assertThat(estimate.derivation().get(1)).contains("x 1 B (int8) = 16,384 B");
        assertThat(estimate.derivation().get(0)).contains("x 2 B (fp16)");
    }

    @Test
    void int4IsWrittenAsHalfAByte() {
        MemoryEstimate estimate =
                MemoryEstimator.estimate(SEED_SHAPE, new Precision(Dtype.INT4, Dtype.FP16), new Workload(1, 1));
        assertThat(estimate.weightBytes()).isEqualTo(500_000_000L);
        assertThat(estimate.derivation().get(0)).contains("x 0.5 B (int4) = 500,000,000 B");
    }

    @Test
    void layerGroupsThatCacheDifferentlyEachShowTheirOwnWidth() {
        // 4 sliding layers (window 128) caching one KV head of 64: 2 x 64 x 2 B = 256 B per layer and token;
        // 2 full layers caching 8 KV heads of 64: 16 x 64 x 2 B = 2,048 B per layer and token.
        ModelArchitecture base = ModelArchitecture.explicit(1_000_000_000L, 6, 8, 8, 64);
        KvLayout mixed =
                new KvLayout(List.of(new KvLayout.LayerGroup(4, 2, 64, 128), new KvLayout.LayerGroup(2, 16, 64, 0)));
        ModelArchitecture model = new ModelArchitecture(
                base.modelId(),
                base.modelType(),
                base.explicitSizes(),
                base.hiddenSize(),
                base.numLayers(),
                base.attention(),
                base.vocabSize(),
                base.tiedEmbeddings(),
                base.maxPositionEmbeddings(),
                base.rotaryCachePositions(),
                base.intermediateSize(),
                base.moe(),
                base.mla(),
                mixed,
                base.inventory(),
                base.quantization(),
                base.torchDtype(),
                base.llamaCpp(),
                null,
                base.notes());

        MemoryEstimate estimate = MemoryEstimator.estimate(model, FP16, new Workload(1, 1024));

        // per token: 4 x 256 + 2 x 2,048 = 5,120 B; 1,024 tokens: 4 x 128 x 256 + 2 x 1,024 x 2,048 = 4,325,376 B
        assertThat(estimate.kvCacheBytesPerToken()).isEqualTo(5_120L);
        assertThat(estimate.kvCacheBytes()).isEqualTo(4_325_376L);
        assertThat(estimate.derivation().get(2))
                .isEqualTo(
                        "KV cache = 1 sequence x (4 sliding layers x 128 tokens "
                                + "(window 128) x 256 B + 2 full-attention layers x 1,024 tokens x 2,048 B) = 4,325,376 B (4.33 MB)");
    }

    @Test
    void overflowNamesTheQuantity() {
        ModelArchitecture huge = ModelArchitecture.explicit(1, 10_000, 65_536, 65_536, 65_536);
        assertThatThrownBy(() -> MemoryEstimator.estimate(huge, FP16, new Workload(1_000_000, 100_000_000)))
                .isInstanceOf(EstimateOverflowException.class)
                .hasMessageStartingWith("the byte count of KV cache exceeds 9,223,372,036,854,775,807 bytes");
    }

    @Test
    void attentionTypeFollowsTheHeadCounts() {
        assertThat(ModelArchitecture.explicit(1, 1, 32, 32, 64).attention().type())
                .isEqualTo(AttentionType.MHA);
        assertThat(ModelArchitecture.explicit(1, 1, 32, 8, 64).attention().type())
                .isEqualTo(AttentionType.GQA);
        assertThat(ModelArchitecture.explicit(1, 1, 32, 1, 64).attention().type())
                .isEqualTo(AttentionType.MQA);
    }

    @Test
    void kvHeadsMustDivideTheAttentionHeads() {
        assertThatThrownBy(() -> ModelArchitecture.explicit(1, 1, 32, 7, 64))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
