package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.JSON;
import static io.gpufit.model.ShippedConfigs.config;
import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class Qwen3MoeReaderTest {

    /** Qwen3-30B-A3B: 48 layers, all MoE. */
    private static final int LAYERS = 48;

    @Test
    void layersInMlpOnlyLayersKeepADenseMlp() {
        ObjectNode firstDense = config("Qwen--Qwen3-30B-A3B");
        firstDense.set("mlp_only_layers", JSON.createArrayNode().add(0));
        // layer 0 trades its router (128 x 2,048 = 262,144) and 128 experts (3 x 2,048 x 768 each:
        // 603,979,776) for a dense MLP of 3 x 2,048 x 6,144 = 37,748,736:
        // 30,532,122,624 - 604,241,920 + 37,748,736
        assertThat(read(firstDense).parameters()).isEqualTo(29_965_629_440L);
    }

    @Test
    void aListOfEveryLayerMakesTheModelDense() {
        ObjectNode config = config("Qwen--Qwen3-30B-A3B");
        ArrayNode layers = config.putArray("mlp_only_layers");
        for (int layer = LAYERS - 1; layer >= 0; layer--) {
            layers.add(layer);
        }
        // each of the 48 layers trades 604,241,920 (router + experts) for 37,748,736 (dense MLP):
        // 30,532,122,624 - 48 x 566,493,184 = 30,532,122,624 - 27,191,672,832
        assertThat(read(config).parameters()).isEqualTo(3_340_449_792L);
    }

    @Test
    void aRepeatedIndexCountsOnce() {
        ObjectNode config = config("Qwen--Qwen3-30B-A3B");
        ArrayNode layers = config.putArray("mlp_only_layers");
        // 48 entries naming 47 layers: 3 twice, 0 missing
        layers.add(3);
        for (int layer = 1; layer < LAYERS; layer++) {
            layers.add(layer);
        }
        // one MoE layer more than all-dense: 3,340,449,792 + 566,493,184
        assertThat(read(config).parameters()).isEqualTo(3_906_942_976L);
    }

    @Test
    void aListLongerThanTheLayersIsRefusedNamingTheField() {
        ObjectNode config = config("Qwen--Qwen3-30B-A3B");
        ArrayNode layers = config.putArray("mlp_only_layers");
        for (int i = 0; i <= LAYERS; i++) {
            layers.add(0);
        }

        InvalidModelConfigException e = catchThrowableOfType(InvalidModelConfigException.class, () -> read(config));

        assertThat(e.field()).isEqualTo("modelConfig.mlp_only_layers");
        assertThat(e.rejectedValue()).isEqualTo("49 entries");
        assertThat(e.reason()).isEqualTo("must list at most one index per layer: at most 48 (num_hidden_layers)");
    }

    @Test
    void aHugeListIsRefusedBeforeItIsRead() {
        // 200,000 entries (the 2.8 MB config took layers x entries steps: 28 s of CPU)
        ObjectNode config = config("Qwen--Qwen3-30B-A3B");
        ArrayNode layers = config.putArray("mlp_only_layers");
        for (int i = 0; i < 200_000; i++) {
            layers.add(i % LAYERS);
        }

        InvalidModelConfigException e = catchThrowableOfType(InvalidModelConfigException.class, () -> read(config));

        assertThat(e.field()).isEqualTo("modelConfig.mlp_only_layers");
        assertThat(e.rejectedValue()).isEqualTo("200,000 entries");
    }

    @Test
    void anIndexPastTheLastLayerIsRefused() {
        ObjectNode config = config("Qwen--Qwen3-30B-A3B");
        config.putArray("mlp_only_layers").add(0).add(LAYERS);

        InvalidModelConfigException e = catchThrowableOfType(InvalidModelConfigException.class, () -> read(config));

        assertThat(e.field()).isEqualTo("modelConfig.mlp_only_layers[1]");
        assertThat(e.reason()).isEqualTo("must be from 0 to 47");
    }

    @Test
    void expertsComeFromNumExpertsAndMoeIntermediateSize() {
        assertThat(read("Qwen--Qwen3-30B-A3B").moe()).isEqualTo(new MoeShape(128, 8, 0, 768));
    }
}
