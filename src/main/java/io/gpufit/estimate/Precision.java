package io.gpufit.estimate;

import java.util.Objects;

/**
 * The formats the weights and the KV cache are stored in; they may differ (e.g. FP8 KV cache).
 *
 * @param groupSize quantization group for GPTQ and AWQ (-1: one group per output channel); ignored
 *                  by other formats
 */
public record Precision(Dtype weights, Dtype kvCache, int groupSize) {

    public static final int DEFAULT_GROUP_SIZE = 128;

    public Precision {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(kvCache, "kvCache");
        if (!kvCache.kvCacheFormat()) {
            throw new IllegalArgumentException(kvCache.id() + " is not a KV cache format");
        }
    }

    public Precision(Dtype weights, Dtype kvCache) {
        this(weights, kvCache, DEFAULT_GROUP_SIZE);
    }
}
