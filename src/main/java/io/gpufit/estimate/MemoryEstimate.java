package io.gpufit.estimate;

import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.WeightPart;
import java.util.List;
import java.util.Map;

/**
 * The memory a model needs to serve a workload, in exact bytes, with the derivation that produced
 * each figure.
 *
 * @param weightBytes          all weights held on the GPU (the extra module only when included)
 * @param weightBytesByPart    the model's weights per part (the extra module not among them)
 * @param quantizedParameters  parameters stored in the weight format's quantized form
 * @param keptParameters       parameters kept unquantized (16-bit, or f32 vectors in GGUF)
 * @param extraModuleBytes     the optional module (e.g. multi-token prediction) in the weight format
 * @param extraModuleIncluded  whether {@code weightBytes} includes it
 * @param derivation           one line per formula, numbers plugged in, as an engineer would write it
 */
public record MemoryEstimate(
        ModelArchitecture model,
        Precision precision,
        Workload workload,
        long weightBytes,
        Map<WeightPart, Long> weightBytesByPart,
        long quantizedParameters,
        long keptParameters,
        long extraModuleBytes,
        boolean extraModuleIncluded,
        long kvCacheBytesPerToken,
        long kvCacheBytes,
        long totalBytes,
        List<String> derivation) {

    public MemoryEstimate {
        weightBytesByPart = Map.copyOf(weightBytesByPart);
        derivation = List.copyOf(derivation);
    }
}
