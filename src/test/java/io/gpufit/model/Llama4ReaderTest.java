package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.JSON;
import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class Llama4ReaderTest {

    /**
     * Test fixture, not a catalog entry: Llama-4-Scout-17B-16E-Instruct's sizes as its model card
     * and transformers' Llama4Config describe them (Meta's gated config.json was not found).
     */
    static ObjectNode scout() {
        ObjectNode text = JSON.createObjectNode()
                .put("model_type", "llama4_text")
                .put("hidden_size", 5120)
                .put("num_hidden_layers", 48)
                .put("num_attention_heads", 40)
                .put("num_key_value_heads", 8)
                .put("head_dim", 128)
                .put("vocab_size", 202048)
                .put("intermediate_size", 8192)
                .put("intermediate_size_mlp", 16384)
                .put("num_local_experts", 16)
                .put("num_experts_per_tok", 1)
                .put("interleave_moe_layer_step", 1)
                .put("attention_chunk_size", 8192)
                .put("tie_word_embeddings", false);
        ObjectNode vision = JSON.createObjectNode()
                .put("model_type", "llama4_vision_model")
                .put("hidden_size", 1408)
                .put("intermediate_size", 5632)
                .put("num_hidden_layers", 34)
                .put("num_attention_heads", 16)
                .put("patch_size", 14)
                .put("image_size", 336)
                .put("pixel_shuffle_ratio", 0.5)
                .put("projector_input_dim", 4096)
                .put("projector_output_dim", 4096)
                .put("vision_output_dim", 4096);
        ObjectNode config = JSON.createObjectNode().put("model_type", "llama4");
        config.set("text_config", text);
        config.set("vision_config", vision);
        return config;
    }

    @Test
    void scoutCountsSixteenExpertsASharedExpertAndTheVisionModel() {
        ModelArchitecture scout = read(scout());
        // text, per layer: attention 2 x 5,120^2 + 2 x 1,024 x 5,120 = 62,914,560; 16 experts
        // x 3 x 8,192 x 5,120 = 2,013,265,920; shared 125,829,120; router 16 x 5,120; norms 2 x 5,120:
        // 2,202,101,760; x 48 + 2 x 202,048 x 5,120 + 5,120 = 107,769,861,120
        // vision: 34 x (4 x (1,408^2 + 1,408) + 2 x 5,632 x 1,408 + 5,632 + 1,408 + 4 x 1,408) = 809,467,648;
        // patch 588 x 1,408; class 1,408; 577 positions x 1,408; pre and post LayerNorm 4 x 1,408;
        // adapter 5,632 x 4,096 + 4,096^2; projector 4,096 x 5,120: 871,932,416
        // total 108,641,793,536: the card's 109B
        assertThat(scout.parameters()).isEqualTo(108_641_793_536L);
        assertThat(scout.inventory().parametersByPart()).containsEntry(WeightPart.VISION, 871_932_416L);
        // active: 1 of 16 experts: 48 x (2,202,101,760 - 15 x 125,829,120) + 2,068,976,640 + 871,932,416
        // = 18,044,827,136 (the card's 17B is the language model's 17,172,894,720)
        assertThat(scout.activeParameters()).isEqualTo(18_044_827_136L);
    }

    @Test
    void threeOfFourLayersAttendInChunks() {
        ModelArchitecture scout = read(scout());
        // layers 3, 7, ..., 47 are NoPE and global; the other 36 attend within 8,192-token chunks
        assertThat(scout.kvLayout().slidingLayers()).isEqualTo(36);
        assertThat(scout.kvLayout().slidingWindow()).isEqualTo(8192);
        assertThat(scout.notes()).anyMatch(n -> n.contains("chunked"));
    }

    @Test
    void theLargestImageIsSixteenTilesAndAGlobalOne() {
        // (336 / 14)^2 x 0.5^2 = 144 per tile; 17 x 144 + 16 separators + 3 markers
        assertThat(read(scout()).vision()).isEqualTo(new VisionShape("llama4", 336, 17, 2467));
    }

    @Test
    void denseLayersUseIntermediateSizeMlp() {
        ObjectNode maverickLike = scout();
        ((ObjectNode) maverickLike.get("text_config")).put("interleave_moe_layer_step", 2);
        // the 24 even layers trade 16 experts, the shared expert and the router for a dense
        // 3 x 16,384 x 5,120 = 251,658,240
        long moeOnly = 2_013_265_920L + 125_829_120L + 81_920L;
        assertThat(read(maverickLike).parameters()).isEqualTo(108_641_793_536L - 24 * moeOnly + 24 * 251_658_240L);
    }

    @Test
    void moeLayersIsASetOfLayersBoundedByTheLayerCount() {
        ObjectNode everyOther = scout();
        ObjectNode doubled = scout();
        ArrayNode once = ((ObjectNode) everyOther.get("text_config")).putArray("moe_layers");
        ArrayNode twice = ((ObjectNode) doubled.get("text_config")).putArray("moe_layers");
        for (int layer = 1; layer < 48; layer += 2) {
            once.add(layer);
            twice.add(layer).add(layer);
        }
        // the same 24 MoE layers, each listed once or twice (48 entries, as many as layers)
        assertThat(read(doubled).parameters()).isEqualTo(read(everyOther).parameters());

        twice.add(1);
        InvalidModelConfigException e = catchThrowableOfType(InvalidModelConfigException.class, () -> read(doubled));
        assertThat(e.field()).isEqualTo("modelConfig.text_config.moe_layers");
        assertThat(e.rejectedValue()).isEqualTo("49 entries");
    }
}
