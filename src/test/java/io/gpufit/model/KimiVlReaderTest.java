package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.JSON;
import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class KimiVlReaderTest {

    /**
     * Test fixture, not a catalog entry: Kimi-VL-A3B-Instruct's sizes as its model card and
     * technical report give them (Moonshot's config.json was not found).
     */
    static ObjectNode kimiVl() {
        ObjectNode text = JSON.createObjectNode()
                .put("model_type", "deepseek_v3")
                .put("hidden_size", 2048)
                .put("num_hidden_layers", 27)
                .put("num_attention_heads", 16)
                .put("num_key_value_heads", 16)
                .put("vocab_size", 163840)
                .put("intermediate_size", 11264)
                .put("moe_intermediate_size", 1408)
                .put("n_routed_experts", 64)
                .put("num_experts_per_tok", 6)
                .put("n_shared_experts", 2)
                .put("first_k_dense_replace", 1)
                .put("moe_layer_freq", 1)
                .put("kv_lora_rank", 512)
                .put("qk_nope_head_dim", 128)
                .put("qk_rope_head_dim", 64)
                .put("v_head_dim", 128)
                .put("topk_method", "noaux_tc")
                .put("tie_word_embeddings", false);
        text.putNull("q_lora_rank");
        ObjectNode vision = JSON.createObjectNode()
                .put("model_type", "moonvit")
                .put("hidden_size", 1152)
                .put("intermediate_size", 4304)
                .put("num_hidden_layers", 27)
                .put("num_attention_heads", 16)
                .put("patch_size", 14)
                .put("init_pos_emb_height", 64)
                .put("init_pos_emb_width", 64);
        vision.set("merge_kernel_size", JSON.createArrayNode().add(2).add(2));
        ObjectNode config = JSON.createObjectNode().put("model_type", "kimi_vl");
        config.set("text_config", text);
        config.set("vision_config", vision);
        return config;
    }

    @Test
    void deepSeekTextMoonVitAndProjector() {
        ModelArchitecture kimi = read(kimiVl());
        // text: MLA per layer 16 x 192 x 2,048 + 576 x 2,048 + 512 + 16 x 256 x 512 + 2,048^2 + 2 x 2,048
        // = 13,767,168; layer 0 dense 3 x 11,264 x 2,048; 26 MoE layers of 64 x 3 x 1,408 x 2,048
        // + shared 3 x 2,816 x 2,048 + router 64 x 2,048 + 64 (score bias); 2 x 163,840 x 2,048 + 2,048:
        // 15,960,110,208. MoonViT as SigLIP with 64 x 64 positions: 416,866,032. Projector: LayerNorm
        // 2 x 1,152, 4,608^2 + 4,608, 2,048 x 4,608 + 2,048: 30,679,808. Total 16.4B as the card says
        assertThat(kimi.parameters()).isEqualTo(15_960_110_208L + 416_866_032L + 30_679_808L);
        assertThat(kimi.mla()).isNotNull();
        assertThat(kimi.modelType()).isEqualTo("kimi_vl");
    }

    @Test
    void theDummyImageBecomesTokensAsTheProcessorLimitsIt() {
        // 1,024 / 14 = 73; 73^2 > 4,096 -> 1,024 x 64 / 73 = 897 px; padded to 924 = 33 x 28: 33^2
        assertThat(read(kimiVl()).vision()).isEqualTo(new VisionShape("moonvit", 1024, 1, 1089));
        assertThat(KimiVlReader.tokens(448, 14, 2, 2)).isEqualTo(16 * 16);
    }
}
