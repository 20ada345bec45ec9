package io.gpufit.model;

import static io.gpufit.model.ModelConfigReader.MAX_LAYERS;
import static io.gpufit.model.ModelConfigReader.MAX_WINDOW;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * The attention window of each layer: the tokens a sliding-window layer keeps, 0 for a layer that
 * keeps them all. A config's {@code layer_types}, when it lists them, decides; otherwise the
 * family's rule, as its transformers configuration class derives {@code layer_types}.
 */
final class SlidingWindows {

    private final ConfigFields fields;
    private final int layers;

    SlidingWindows(ConfigFields fields, int layers) {
        this.fields = fields;
        this.layers = layers;
    }

    /** {@code sliding_window}, or {@code fallback} when the config has none. */
    int window(int fallback) {
        return fields.optional("sliding_window", 1, MAX_WINDOW, fallback);
    }

    /** Every layer slides when {@code sliding_window} is set (Mistral 7B v0.1). */
    List<Integer> uniform() {
        return pattern(window(0), layer -> true);
    }

    /**
     * Qwen 2 and 3 slide only with {@code use_sliding_window}, and then only the layers from
     * {@code max_window_layers} on.
     */
    List<Integer> qwen() {
        int window = window(0);
        if (!fields.flag("use_sliding_window", false) || window == 0) {
            return byLayer(layer -> 0);
        }
        return listed(window).orElseGet(() -> {
            int fullLayers = fields.optional("max_window_layers", 0, MAX_LAYERS, layers);
            return byLayer(layer -> layer >= fullLayers ? window : 0);
        });
    }

    /** {@code window} for the layers {@code sliding} picks (0-based), unless {@code layer_types} lists them. */
    List<Integer> pattern(int window, IntPredicate sliding) {
        return listed(window).orElseGet(() -> byLayer(layer -> window > 0 && sliding.test(layer) ? window : 0));
    }

    private List<Integer> byLayer(IntUnaryOperator windowOfLayer) {
        List<Integer> windows = new ArrayList<>(layers);
        for (int layer = 0; layer < layers; layer++) {
            windows.add(windowOfLayer.applyAsInt(layer));
        }
        return windows;
    }

    /** The windows {@code layer_types} gives; empty when the config does not list them. */
    private Optional<List<Integer>> listed(int window) {
        List<String> types = fields.strings("layer_types");
        if (types.isEmpty()) {
            return Optional.empty();
        }
        if (types.size() != layers) {
            throw new InvalidModelConfigException(
                    fields.path("layer_types"),
                    types.size() + " entries",
                    "must list one type per layer (" + layers + ")");
        }
        List<Integer> windows = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            if (type.equals("sliding_attention")) {
                if (window == 0) {
                    throw new InvalidModelConfigException(
                            fields.path("sliding_window"),
                            null,
                            "is required when layer_types has sliding_attention layers");
                }
                windows.add(window);
            } else if (type.equals("full_attention")) {
                windows.add(0);
            } else {
                throw new InvalidModelConfigException(
                        fields.path("layer_types") + "[" + i + "]",
                        type,
                        "must be sliding_attention or full_attention");
            }
        }
        return Optional.of(windows);
    }
}
