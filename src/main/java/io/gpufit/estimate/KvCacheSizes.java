package io.gpufit.estimate;

import io.gpufit.model.ModelArchitecture;

/** Catalog figures: a model's sizes in BF16, with no workload. */
public final class KvCacheSizes {

    private KvCacheSizes() {}

    /** KV cache per token in BF16, every layer holding the token. */
    public static long bf16BytesPerToken(ModelArchitecture model) {
        return MemoryFormulas.kvBytesPerSequence(model.kvLayout(), Dtype.BF16, 1);
    }

    /** The model's weights in BF16 with a one-token cache: what a catalog listing shows per part. */
    public static MemoryEstimate bf16Estimate(ModelArchitecture model) {
        return MemoryEstimator.estimate(model, new Precision(Dtype.BF16, Dtype.BF16), new Workload(1, 1));
    }
}
