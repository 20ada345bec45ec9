package io.gpufit.estimate;

import java.util.Objects;

/** The formats the weights and the KV cache are stored in; they may differ (e.g. FP8 KV cache). */
public record Precision(Dtype weights, Dtype kvCache) {

    public Precision {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(kvCache, "kvCache");
    }
}
