package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.JSON;
import static io.gpufit.model.ShippedConfigs.config;
import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class Qwen3MoeReaderTest {

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
    void expertsComeFromNumExpertsAndMoeIntermediateSize() {
        assertThat(read("Qwen--Qwen3-30B-A3B").moe()).isEqualTo(new MoeShape(128, 8, 0, 768));
    }
}
