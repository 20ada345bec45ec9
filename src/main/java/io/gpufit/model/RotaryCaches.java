package io.gpufit.model;

import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * How many positions vLLM's rotary cos/sin caches hold, over the model's distinct rotary embeddings
 * ({@code get_rope} in {@code vllm/model_executor/layers/rotary_embedding}): one cache of
 * {@code max_position_embeddings} by default; {@code factor} times as long with linear or dynamic
 * scaling; {@code original_max_position_embeddings x factor} with YaRN; and Gemma 3's sliding layers
 * keep a second, unscaled cache (their own base frequency, {@code rope_local_base_freq}, 10,000 by
 * default). Llama 3's scaling keeps the length.
 */
final class RotaryCaches {

    /** Longest cache counted: a bad factor cannot make the estimate overflow. */
    static final long MAX_POSITIONS = 1L << 34;

    private RotaryCaches() {}

    static long positions(ConfigFields config, Integer maxPositions, boolean localRope) {
        if (maxPositions == null) {
            return 0;
        }
        long positions = scaled(config, maxPositions);
        if (localRope) {
            positions += maxPositions;
        }
        return Math.min(positions, MAX_POSITIONS);
    }

    private static long scaled(ConfigFields config, int maxPositions) {
        JsonNode scaling = config.node().get("rope_scaling");
        if (scaling == null || !scaling.isObject()) {
            return maxPositions;
        }
        JsonNode typeNode = scaling.has("rope_type") ? scaling.get("rope_type") : scaling.get("type");
        String type = typeNode == null || !typeNode.isString()
                ? ""
                : typeNode.stringValue().toLowerCase(Locale.ROOT);
        JsonNode factorNode = scaling.get("factor");
        double factor = factorNode != null && factorNode.isNumber() && factorNode.doubleValue() >= 1
                ? Math.min(factorNode.doubleValue(), 1 << 16)
                : 1;
        return switch (type) {
            case "linear", "dynamic" -> (long) (maxPositions * factor);
            case "yarn", "deepseek_yarn" -> {
                JsonNode original = scaling.get("original_max_position_embeddings");
                int base = original != null && original.canConvertToInt() && original.intValue() > 0
                        ? original.intValue()
                        : maxPositions;
                yield (long) (base * factor);
            }
            default -> maxPositions;
        };
    }
}
