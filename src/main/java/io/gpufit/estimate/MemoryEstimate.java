package io.gpufit.estimate;

import java.util.List;

/**
 * The memory a model needs to serve a workload, in exact bytes, with the derivation that produced
 * each figure.
 *
 * @param derivation one line per formula, numbers plugged in, as an engineer would write it
 */
public record MemoryEstimate(
        ModelShape shape,
        Precision precision,
        Workload workload,
        long weightBytes,
        long kvCacheBytesPerToken,
        long kvCacheBytes,
        long totalBytes,
        List<String> derivation) {

    public MemoryEstimate {
        derivation = List.copyOf(derivation);
    }
}
