package io.gpufit.application;

import io.gpufit.estimate.KvCacheSizes;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.model.ModelArchitecture;

/**
 * A catalog model and what a listing shows of it.
 *
 * @param kvCacheBytesPerToken KV cache per token in BF16, every layer holding the token
 */
public record CatalogModel(ModelArchitecture model, long kvCacheBytesPerToken) {

    /** The model's weights in BF16 with a one-token cache: its weights per part. */
    public MemoryEstimate bf16Estimate() {
        return KvCacheSizes.bf16Estimate(model);
    }
}
