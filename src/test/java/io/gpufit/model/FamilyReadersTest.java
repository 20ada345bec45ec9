package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.JSON;
import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class FamilyReadersTest {

    @Test
    void familiesAreTheTypesTheReadersCount() {
        assertThat(ModelConfigReader.FAMILIES)
                .containsExactlyInAnyOrder(
                        "llama",
                        "mistral",
                        "granite",
                        "gemma",
                        "qwen2_moe",
                        "llama4",
                        "llama4_text",
                        "mistral3",
                        "llava_next",
                        "kimi_vl",
                        "mixtral",
                        "qwen2",
                        "qwen3",
                        "qwen3_moe",
                        "gemma2",
                        "gemma3",
                        "gemma3_text",
                        "phi3",
                        "deepseek_v2",
                        "deepseek_v3",
                        "gpt_oss",
                        "falcon");
        for (String type : ModelConfigReader.FAMILIES) {
            assertThat(FamilyReaders.forType(type).modelTypes()).as(type).contains(type);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"refinedweb", "refinedwebmodel"})
    void falconsFirstNamesAreAliasesNotFamilies(String alias) {
        assertThat(FamilyReaders.forType(alias)).isInstanceOf(FalconReader.class);
        assertThat(ModelConfigReader.FAMILIES).doesNotContain(alias);
    }

    @ParameterizedTest
    @ValueSource(strings = {"brand_new", "", "llama2"})
    void typesNoReaderClaimsGoToTheGenericDecoder(String type) {
        assertThat(FamilyReaders.forType(type)).isSameAs(FamilyReaders.GENERIC);
    }

    @Test
    void unknownFamilyFallsBackToAGenericDecoderWithANote() {
        JsonNode config = JSON.readTree("""
                {"model_type": "brand_new", "hidden_size": 2048, "intermediate_size": 8192,
                 "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8,
                 "vocab_size": 128256, "tie_word_embeddings": true}""");
        ModelArchitecture model = read(config);
        // the Llama 3.2 1B shape without head_dim: 2,048 / 32 = 64, the same count
        assertThat(model.parameters()).isEqualTo(1_235_814_400L);
        assertThat(model.modelType()).isEqualTo("brand_new");
        assertThat(model.notes()).singleElement().asString().contains("brand_new", "generic decoder");
    }

    @Test
    void aMissingModelTypeIsNamedInTheNote() {
        JsonNode config = JSON.readTree("""
                {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "vocab_size": 100}""");
        assertThat(read(config).notes())
                .containsExactly("model_type '(missing)' is not a known family: counted as "
                        + "a generic decoder (embeddings, q/k/v/o attention, gated MLP, two norms per layer); check the "
                        + "parameter count");
    }

    @Test
    void modelTypeIsMatchedInLowerCase() {
        var config = ShippedConfigs.config("meta-llama--Llama-3.1-8B");
        config.put("model_type", "LLAMA");
        ModelArchitecture model = read(config);
        assertThat(model.modelType()).isEqualTo("llama");
        assertThat(model.notes()).isEmpty();
    }
}
