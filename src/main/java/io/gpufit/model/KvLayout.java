package io.gpufit.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model caches per token, layer by layer, grouped into layers that cache alike.
 *
 * @param groups layers with the same cache width and window
 */
public record KvLayout(List<LayerGroup> groups) {

    /** K and V: a standard attention layer caches one key and one value vector per KV head and token. */
    public static final int KEY_AND_VALUE = 2;

    public KvLayout {
        groups = List.copyOf(groups);
    }

    /** Every layer caches a key and a value per KV head, none slides. */
    static KvLayout uniform(int layers, AttentionShape attention) {
        return new KvLayout(
                List.of(new LayerGroup(layers, (long) KEY_AND_VALUE * attention.kvHeads(), attention.headDim(), 0)));
    }

    /** Layers grouped by window (window -> layer count, in the order first met), each caching alike. */
    static KvLayout byWindow(List<Integer> windowByLayer, long vectors, long vectorLength) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int window : windowByLayer) {
            counts.merge(window, 1, Integer::sum);
        }
        List<LayerGroup> groups = new ArrayList<>();
        counts.forEach((window, layers) -> groups.add(new LayerGroup(layers, vectors, vectorLength, window)));
        return new KvLayout(groups);
    }

    /** The window of the sliding-window layers; 0 when none slides. */
    public int slidingWindow() {
        return groups.stream()
                .filter(LayerGroup::sliding)
                .mapToInt(LayerGroup::window)
                .findFirst()
                .orElse(0);
    }

    /** How many layers slide. */
    public int slidingLayers() {
        return groups.stream()
                .filter(LayerGroup::sliding)
                .mapToInt(LayerGroup::layers)
                .sum();
    }

    public boolean anySliding() {
        return groups.stream().anyMatch(LayerGroup::sliding);
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
