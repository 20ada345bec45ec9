package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.JSON;
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
        assertThat(gemma.modelType()).isEqualTo("gemma3");
        assertThat(gemma.modelId()).isEqualTo("google/gemma-3-27b-it");
        assertThat(gemma.torchDtype()).isEqualTo("bfloat16");
        assertThat(gemma.vocabSize()).isEqualTo(262_208);
        assertThat(gemma.maxPositionEmbeddings()).isEqualTo(131_072);
        assertThat(gemma.tiedEmbeddings()).isTrue();
        assertThat(gemma.notes()).isEmpty();
        // the 4B's text_config names no heads: Gemma3TextConfig's 8 heads, 4 KV heads, head_dim 256
        assertThat(read("google--gemma-3-4b-it").attention()).isEqualTo(AttentionShape.of(8, 4, 256));
    }

    @Test
    void gemma3CountsItsSiglipTowerAndProjector() {
        // SigLIP so400m at 896 / 14: per layer 4 x (1,152^2 + 1,152) + 2 x 4,304 x 1,152 + 4,304 + 1,152
        // + 4 x 1,152 = 15,239,504; x 27 = 411,466,608; patch 1,152 x 588 + 1,152; 64^2 = 4,096
        // positions x 1,152; post-LayerNorm 2,304: 416,866,032. Projector: 1,152 (norm) + 1,152 x 5,376.
        // 416,866,032 + 6,194,304 = 423,060,336 = the page's 27,432,406,640 - the text model's 27,009,346,304
        ModelArchitecture gemma = read("google--gemma-3-27b-it");
        assertThat(gemma.inventory().parametersByPart()).containsEntry(WeightPart.VISION, 423_060_336L);
        assertThat(gemma.vision()).isEqualTo(new VisionShape("siglip", 896, 1, 256));
        assertThat(gemma.inventory().tensors())
                .filteredOn(g -> g.part() == WeightPart.VISION)
                .allSatisfy(g -> {
                    assertThat(g.quantizable()).isFalse();
                    assertThat(g.name()).matches("(vision_tower|multi_modal_projector)\\..*");
                });
    }

    @Test
    void gemma1HasTwoNormsPerLayerTiedEmbeddingsAndNoSlidingLayers() {
        // test fixture, not a catalog entry: gemma-7b's sizes as its model card and the many
        // re-saved copies give them (google's config.json was not found)
        ObjectNode gemma7b = JSON.createObjectNode()
                .put("model_type", "gemma")
                .put("hidden_size", 3072)
                .put("intermediate_size", 24576)
                .put("num_hidden_layers", 28)
                .put("num_attention_heads", 16)
                .put("num_key_value_heads", 16)
                .put("head_dim", 256)
                .put("vocab_size", 256000)
                .put("max_position_embeddings", 8192);
        ModelArchitecture gemma = read(gemma7b);
        // 256,000 x 3,072 = 786,432,000 (tied) + 28 x (3 x 4,096 x 3,072 + 3,072 x 4,096
        // + 3 x 24,576 x 3,072 + 2 x 3,072) + 3,072 = 8,537,680,896: the card's 8.54B
        assertThat(gemma.parameters()).isEqualTo(8_537_680_896L);
        assertThat(gemma.tiedEmbeddings()).isTrue();
        assertThat(gemma.kvLayout().anySliding()).isFalse();
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
