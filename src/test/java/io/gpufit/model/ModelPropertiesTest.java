package io.gpufit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Laws of the parameter count over random valid configs of several families (seeded, so a failure
 * reproduces): every dimension adds parameters, and tying the embeddings saves exactly
 * vocab x hidden.
 */
class ModelPropertiesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> FAMILIES = List.of(
            "llama",
            "mistral",
            "qwen2",
            "qwen3",
            "gemma2",
            "phi3",
            "mixtral",
            "qwen3_moe",
            "gpt_oss",
            "falcon",
            "deepseek_v3");
    static final int CASES = 400;

    /** A random valid config: head counts divide, experts per token within the experts. */
    static ObjectNode randomConfig(SplittableRandom random) {
        String family = FAMILIES.get(random.nextInt(FAMILIES.size()));
        int kv = 1 << random.nextInt(0, 4);
        int heads = kv * random.nextInt(1, 5);
        int headDim = 16 * random.nextInt(1, 9);
        ObjectNode c = JSON.createObjectNode();
        c.put("model_type", family);
        c.put("hidden_size", heads * headDim);
        c.put("head_dim", headDim);
        c.put("intermediate_size", random.nextInt(8, 2048));
        c.put("num_hidden_layers", random.nextInt(1, 12));
        c.put("num_attention_heads", heads);
        c.put("num_key_value_heads", kv);
        c.put("num_kv_heads", kv);
        c.put("new_decoder_architecture", true);
        c.put("vocab_size", random.nextInt(16, 5000));
        c.put("tie_word_embeddings", random.nextBoolean());
        int experts = random.nextInt(2, 9);
        c.put("num_local_experts", experts);
        c.put("num_experts", experts);
        c.put("n_routed_experts", experts);
        c.put("num_experts_per_tok", random.nextInt(1, experts + 1));
        c.put("moe_intermediate_size", random.nextInt(8, 512));
        c.put("n_shared_experts", random.nextInt(0, 3));
        c.put("first_k_dense_replace", random.nextInt(0, 2));
        c.put("kv_lora_rank", random.nextInt(8, 128));
        c.put("q_lora_rank", random.nextInt(8, 128));
        c.put("qk_rope_head_dim", 8 * random.nextInt(1, 5));
        c.put("qk_nope_head_dim", 8 * random.nextInt(1, 5));
        c.put("v_head_dim", 8 * random.nextInt(1, 5));
        return c;
    }

    static long count(ObjectNode config) {
        return ModelConfigReader.read(config, "modelConfig").parameters();
    }

    @Test
    void everyDimensionAddsParameters() {
        SplittableRandom random = new SplittableRandom(20261126L);
        List<String> grown = List.of(
                "intermediate_size",
                "num_hidden_layers",
                "vocab_size",
                "moe_intermediate_size",
                "kv_lora_rank",
                "num_local_experts");
        for (int i = 0; i < CASES; i++) {
            ObjectNode config = randomConfig(random);
            long before = count(config);
            for (String field : grown) {
                ObjectNode bigger = config.deepCopy();
                bigger.put(field, config.get(field).intValue() + random.nextInt(1, 64));
                if (field.equals("num_local_experts")) {
                    bigger.put("num_experts", bigger.get(field).intValue());
                    bigger.put("n_routed_experts", bigger.get(field).intValue());
                }
                assertThat(count(bigger)).as("%s grown in %s", field, config).isGreaterThanOrEqualTo(before);
            }
            // more heads (keeping the grouping valid) and wider heads add attention weights
            ObjectNode moreHeads = config.deepCopy();
            moreHeads.put(
                    "num_attention_heads", config.get("num_attention_heads").intValue() * 2);
            moreHeads.put(
                    "num_key_value_heads", config.get("num_key_value_heads").intValue() * 2);
            moreHeads.put("num_kv_heads", config.get("num_kv_heads").intValue() * 2);
            moreHeads.put("hidden_size", config.get("hidden_size").intValue() * 2);
            assertThat(count(moreHeads)).as("heads doubled in %s", config).isGreaterThan(before);
        }
    }

    @Test
    void tyingEmbeddingsSavesExactlyVocabTimesHidden() {
        SplittableRandom random = new SplittableRandom(7L);
        for (int i = 0; i < CASES; i++) {
            ObjectNode untied = randomConfig(random);
            untied.put("tie_word_embeddings", false);
            ObjectNode tied = untied.deepCopy();
            tied.put("tie_word_embeddings", true);
            long saved = (long) untied.get("vocab_size").intValue()
                    * untied.get("hidden_size").intValue();
            assertThat(count(untied) - count(tied)).as("%s", untied).isEqualTo(saved);
        }
    }
}
