package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.JSON;
import static io.gpufit.model.ShippedConfigs.config;
import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class Qwen2MoeReaderTest {

    @Test
    void qwen15MoeCountsRoutedSharedAndGatedExperts() {
        ModelArchitecture moe = read("Qwen--Qwen1.5-MoE-A2.7B");
        // per layer: attention 4 x 2,048^2 + 3 x 2,048 (q/k/v biases) = 16,783,360; 60 experts x 3 x 1,408
        // x 2,048 = 519,045,120; shared expert 3 x 5,632 x 2,048 = 34,603,008; router 60 x 2,048; shared
        // gate 2,048; norms 2 x 2,048: 570,560,512. x 24 + 2 x 151,936 x 2,048 (untied) + 2,048
        // = 14,315,784,192: Qwen's 14.3B
        assertThat(moe.parameters()).isEqualTo(14_315_784_192L);
        // active: 4 of 60 experts: 24 x (570,560,512 - 56 x 8,650,752) + 622,331,904 = 2,689,173,504 (2.7B)
        assertThat(moe.activeParameters()).isEqualTo(2_689_173_504L);
        assertThat(moe.moe()).isEqualTo(new MoeShape(60, 4, 1, 1408));
    }

    @Test
    void mlpOnlyLayersKeepADenseMlp() {
        ObjectNode firstDense = config("Qwen--Qwen1.5-MoE-A2.7B");
        firstDense.set("mlp_only_layers", JSON.createArrayNode().add(0));
        // layer 0 trades 519,045,120 + 34,603,008 + 122,880 + 2,048 for a dense 3 x 5,632 x 2,048 = 34,603,008
        assertThat(read(firstDense).parameters()).isEqualTo(14_315_784_192L - 519_045_120L - 122_880L - 2_048L);
    }

    @Test
    void mlpOnlyLayersMayNotListMoreEntriesThanLayers() {
        ObjectNode config = config("Qwen--Qwen1.5-MoE-A2.7B");
        ArrayNode layers = config.putArray("mlp_only_layers");
        for (int i = 0; i < 25; i++) {
            layers.add(0);
        }

        InvalidModelConfigException e = catchThrowableOfType(InvalidModelConfigException.class, () -> read(config));

        assertThat(e.field()).isEqualTo("modelConfig.mlp_only_layers");
        assertThat(e.reason()).isEqualTo("must list at most one index per layer: at most 24 (num_hidden_layers)");
    }

    @Test
    void theSharedExpertGateIsReplicatedAndKeptInSixteenBit() {
        assertThat(read("Qwen--Qwen1.5-MoE-A2.7B").inventory().tensors())
                .filteredOn(g -> g.name().endsWith("shared_expert_gate.weight"))
                .singleElement()
                .satisfies(g -> {
                    assertThat(g.role()).isEqualTo(TensorRole.ROUTER);
                    assertThat(g.quantizable()).isFalse();
                });
    }
}
