package io.gpufit.model;

import java.util.List;

/**
 * What a model caches per token, layer by layer, grouped into layers that cache alike.
 *
 * @param groups layers with the same cache width and window
 */
public record KvLayout(List<LayerGroup> groups) {

    public KvLayout {
        groups = List.copyOf(groups);
    }

    /**
     * Layers caching alike. Each caches, per token, {@code vectors} vectors of {@code vectorLength}
     * elements: a key and a value per KV head of {@code head_dim}, or for MLA one latent of
     * {@code kv_lora_rank + qk_rope_head_dim}. Block formats (q8_0) quantize each vector on its own.
     *
     * @param layers       how many layers
     * @param vectors      vectors per layer and token: {@code 2 x KV heads}, or 1 for MLA
     * @param vectorLength elements per vector
     * @param window       tokens a sliding-window layer keeps; 0 for layers that keep them all
     */
    public record LayerGroup(int layers, long vectors, long vectorLength, int window) {

        public long elementsPerToken() {
            return Math.multiplyExact(vectors, vectorLength);
        }

        public boolean sliding() {
            return window > 0;
        }

        /** Tokens this layer holds for a sequence of {@code sequenceLength}. */
        public long tokensHeld(long sequenceLength) {
            return sliding() ? Math.min(sequenceLength, window) : sequenceLength;
        }
    }
}
