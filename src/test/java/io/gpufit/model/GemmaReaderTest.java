package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.config;
import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class GemmaReaderTest {

    @Test
    void gemma2AlternatesSlidingAndGlobalLayers() {
        // even layers slide (window 4096), odd layers are global
        ModelArchitecture gemma2 = read("google--gemma-2-9b");
        assertThat(gemma2.kvLayout().slidingLayers()).isEqualTo(21);
        assertThat(gemma2.kvLayout().slidingWindow()).isEqualTo(4096);
    }

    @Test
    void gemma3MakesEverySixthLayerGlobal() {
        // 1B: 26 layers -> layers 5, 11, 17, 23 global, 22 sliding (window 512)
        ModelArchitecture small = read("google--gemma-3-1b-it");
        assertThat(small.numLayers() - small.kvLayout().slidingLayers()).isEqualTo(4);
        // 27B: 62 layers -> layers 5, 11, ..., 59 global (10), 52 sliding over 1,024 tokens
        ModelArchitecture large = read("google--gemma-3-27b-it");
        assertThat(large.kvLayout().slidingLayers()).isEqualTo(52);
        assertThat(large.kvLayout().slidingWindow()).isEqualTo(1024);
    }

    @Test
    void multimodalGemma3IsReadFromItsTextConfigWithGemma3TextConfigDefaults() {
        ModelArchitecture gemma = read("google--gemma-3-27b-it");
        assertThat(gemma.modelType()).isEqualTo("gemma3_text");
        assertThat(gemma.modelId()).isEqualTo("google/gemma-3-27b-it");
        assertThat(gemma.torchDtype()).isEqualTo("bfloat16");
        assertThat(gemma.vocabSize()).isEqualTo(262_208);
        assertThat(gemma.maxPositionEmbeddings()).isEqualTo(131_072);
        assertThat(gemma.tiedEmbeddings()).isTrue();
        assertThat(gemma.notes()).singleElement().asString().contains("text_config", "vision tower");
    }

    @Test
    void textConfigFaultsAreNamedByTheirPath() {
        ObjectNode config = config("google--gemma-3-27b-it");
        ((ObjectNode) config.get("text_config")).remove("hidden_size");
        assertThatThrownBy(() -> read(config))
                .isInstanceOf(InvalidModelConfigException.class)
                .extracting(e -> ((InvalidModelConfigException) e).field())
                .isEqualTo("modelConfig.text_config.hidden_size");
    }
}
