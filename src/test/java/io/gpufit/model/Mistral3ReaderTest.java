package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.config;
import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class Mistral3ReaderTest {

    private static final String SMALL = "mistralai--Mistral-Small-3.1-24B-Instruct-2503";

    @Test
    void pixtralTowerAndProjector() {
        ModelArchitecture mistral = read(SMALL);
        // Pixtral: 24 x (4 x 1,024^2 + 3 x 4,096 x 1,024 + 2 x 1,024) = 402,702,336; patch conv
        // 1,024 x 3 x 14^2 = 602,112; ln_pre 1,024. Projector: norm 1,024, merging layer 1,024 x 4,096,
        // linear_1 5,120 x 1,024, linear_2 5,120^2 (no biases) = 35,652,608
        assertThat(mistral.inventory().parametersByPart()).containsEntry(WeightPart.VISION, 403_305_472L + 35_652_608L);
        assertThat(mistral.modelType()).isEqualTo("mistral3");
        assertThat(mistral.numLayers()).isEqualTo(40);
        assertThat(mistral.tiedEmbeddings()).isFalse();
        // 1,540 / 14 / 2 = 55 rows of 55 merged patches, each row closed by a break or end token
        assertThat(mistral.vision()).isEqualTo(new VisionShape("pixtral", 1540, 1, 55 * 55 + 55));
    }

    @Test
    void projectorBiasesFollowTheFlag() {
        ObjectNode biased = config(SMALL);
        biased.put("multimodal_projector_bias", true);
        assertThat(read(biased).parameters() - read(SMALL).parameters()).isEqualTo(2 * 5_120L);
    }
}
