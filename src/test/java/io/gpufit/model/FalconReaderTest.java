package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.JSON;
import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FalconReaderTest {

    @Test
    void theOriginalRefinedWebConfigReadsAsFalcon7b() {
        // Falcon-7B before the move into transformers: RW names, multi-query, parallel attention
        var legacy = JSON.readTree("""
                {"model_type": "RefinedWebModel", "hidden_size": 4544, "n_head": 71, "n_layer": 32,
                 "vocab_size": 65024, "multi_query": true, "parallel_attn": true, "bias": false}""");
        ModelArchitecture falcon = read(legacy);
        assertThat(falcon.modelType()).isEqualTo("falcon");
        assertThat(falcon.notes()).isEmpty();
        // per layer: query_key_value (71 + 2) x 64 x 4,544 = 21,229,568, dense 4,544^2 = 20,647,936,
        // MLP 2 x 18,176 x 4,544 = 165,183,488, one LayerNorm 2 x 4,544 = 9,088: 207,070,080 x 32;
        // plus embeddings 65,024 x 4,544 = 295,469,056 and ln_f 9,088
        assertThat(falcon.parameters()).isEqualTo(6_921_720_704L);
        assertThat(falcon.attention().type()).isEqualTo(AttentionType.MQA);
    }

    @Test
    void llamaCppHasFalconRulesOfItsOwn() {
        assertThat(read("tiiuae--falcon-40b").llamaCpp()).isEqualTo(new LlamaCppClass(true, false));
    }
}
