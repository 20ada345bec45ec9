package io.gpufit.serving;

import io.gpufit.estimate.Dtype;
import java.math.BigDecimal;

/**
 * vLLM's startup settings, as a request gives them: null means "vLLM's default".
 *
 * @param version              e.g. {@code 0.19}, {@code 0.21}; null for the latest modelled
 * @param kvCacheDtype         {@code --kv-cache-dtype}; null for auto (the model's dtype)
 * @param quantization         {@code --quantization} of a 16-bit checkpoint ({@code fp8}); null for none
 */
public record VllmSettings(
        String version,
        BigDecimal gpuMemoryUtilization,
        Integer maxModelLen,
        Integer maxNumSeqs,
        Integer maxNumBatchedTokens,
        Integer blockSize,
        Integer tensorParallelSize,
        Integer pipelineParallelSize,
        Dtype kvCacheDtype,
        String quantization) {

    /** The settings vLLM uses when given none. */
    public static final VllmSettings DEFAULTS =
            new VllmSettings(null, null, null, null, null, null, null, null, null, null);
}
