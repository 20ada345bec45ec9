package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.config;
import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class QwenReaderTest {

    @Test
    void qwen2BiasesQueryKeyAndValue() {
        ObjectNode asLlama = config("Qwen--Qwen2.5-0.5B");
        asLlama.put("model_type", "llama");
        // head_dim 896 / 14 = 64: q bias 14 x 64 + k and v biases 2 x 64 each = 1,152 per layer, x 24 layers
        assertThat(read("Qwen--Qwen2.5-0.5B").parameters() - read(asLlama).parameters())
                .isEqualTo(27_648L);
    }

    @Test
    void qwen3NormalizesQueriesAndKeys() {
        ObjectNode asLlama = config("Qwen--Qwen3-0.6B");
        asLlama.put("model_type", "llama");
        // q_norm and k_norm of head_dim 128 per layer, x 28 layers
        assertThat(read("Qwen--Qwen3-0.6B").parameters() - read(asLlama).parameters())
                .isEqualTo(7_168L);
    }

    @Test
    void noLayerSlidesWithoutUseSlidingWindow() {
        // Qwen2.5: sliding_window is set but use_sliding_window is false
        assertThat(read("Qwen--Qwen2.5-7B").kvLayout().slidingLayers()).isZero();
        // with it, the layers from max_window_layers (20 here) on slide
        ObjectNode sliding = config("Qwen--Qwen2.5-7B");
        sliding.put("use_sliding_window", true);
        sliding.put("max_window_layers", 20);
        assertThat(read(sliding).kvLayout().slidingLayers()).isEqualTo(28 - 20);
    }
}
