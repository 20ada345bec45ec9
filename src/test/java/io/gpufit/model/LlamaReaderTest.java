package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.config;
import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class LlamaReaderTest {

    @Test
    void tyingEmbeddingsSavesExactlyVocabTimesHidden() {
        ObjectNode untied = config("meta-llama--Llama-3.2-1B");
        untied.put("tie_word_embeddings", false);
        // 128,256 x 2,048 = 262,668,288
        assertThat(read(untied).parameters() - read("meta-llama--Llama-3.2-1B").parameters())
                .isEqualTo(262_668_288L);
    }

    @Test
    void llamaCppPutsOnlyAnEightyLayerLlamaInItsSeventyBillionClass() {
        assertThat(read("meta-llama--Llama-3.1-70B").llamaCpp()).isEqualTo(new LlamaCppClass(false, true));
        assertThat(read("meta-llama--Llama-3.1-8B").llamaCpp()).isEqualTo(LlamaCppClass.OTHER);
        ObjectNode deepMistral = config("mistralai--Mistral-7B-v0.3");
        deepMistral.put("num_hidden_layers", 80);
        assertThat(read(deepMistral).llamaCpp()).isEqualTo(LlamaCppClass.OTHER);
    }

    @Test
    void mistralSlidesEveryLayer() {
        // Mistral 7B v0.1: every layer slides over 4,096 tokens
        ModelArchitecture mistral = read("mistralai--Mistral-7B-v0.1");
        assertThat(mistral.kvLayout().slidingLayers()).isEqualTo(32);
        assertThat(mistral.kvLayout().slidingWindow()).isEqualTo(4096);
    }

    @Test
    void graniteIsLlamasLayerWithTiedEmbeddings() {
        ModelArchitecture granite = read("ibm-granite--granite-3.1-2b-instruct");
        // 49,155 x 2,048 = 100,669,440 (tied) + 40 x (2 x 2,048^2 + 2 x 512 x 2,048 + 3 x 8,192 x 2,048
        // + 2 x 2,048) + 2,048 = 2,533,531,648: the card's 2.53B
        assertThat(granite.parameters()).isEqualTo(2_533_531_648L);
        assertThat(granite.modelType()).isEqualTo("granite");
        assertThat(granite.notes()).isEmpty();
    }
}
