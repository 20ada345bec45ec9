package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeepSeekReaderTest {

    @Test
    void v3CountsMultiTokenPredictionApartAndMatchesThePublishedTotal() {
        ModelArchitecture v3 = read("deepseek-ai--DeepSeek-V3");
        // DeepSeek-V3 README: 671B main model + 14B multi-token-prediction module
        assertThat(v3.inventory().extraModuleParameters()).isEqualTo(13_463_426_304L);
        assertThat(v3.inventory().extraModuleName()).isEqualTo("multi-token prediction (1 layer)");
        // the safetensors total, 684,531,386,000, also holds one fp32 weight_scale_inv per 128 x 128 block of
        // every FP8 linear layer: 684,531,386,000 - 671,026,419,200 - 13,463,426,304 = 41,540,496 scales
        long scaleBlocks = scaleBlocks(v3.inventory().tensors())
                + scaleBlocks(v3.inventory().extraModule());
        assertThat(v3.parameters() + v3.inventory().extraModuleParameters() + scaleBlocks)
                .isEqualTo(684_531_386_000L);
        assertThat(v3.quantization().format()).isEqualTo("fp8_block");
    }

    @Test
    void v2LiteProjectsQueriesWithoutALowRankPair() {
        ModelArchitecture lite = read("deepseek-ai--DeepSeek-V2-Lite");
        assertThat(lite.inventory().tensors())
                .extracting(TensorGroup::role)
                .contains(TensorRole.ATTENTION_Q)
                .doesNotContain(TensorRole.MLA_Q_DOWN, TensorRole.MLA_Q_UP);
        // 64 routed experts (6 per token) of width 1,408 and 2 shared; the cache holds 512 + 64 per layer
        assertThat(lite.moe()).isEqualTo(new MoeShape(64, 6, 2, 1408));
        assertThat(lite.mla()).isEqualTo(new MlaShape(512, 64));
        assertThat(lite.inventory().extraModule()).isEmpty();
    }

    private static long scaleBlocks(java.util.List<TensorGroup> groups) {
        long blocks = 0;
        for (TensorGroup g : groups) {
            if (g.quantizable()) {
                blocks += ceil(g.rows(), 128) * ceil(g.columns(), 128) * g.copies();
            }
        }
        return blocks;
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
