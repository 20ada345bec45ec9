package io.gpufit.application;

import java.math.BigDecimal;

/**
 * A serving engine whose startup budget to model; null settings take the engine's defaults.
 *
 * @param name         the engine, one of {@link SupportedEngine#ids()}
 * @param kvCacheDtype {@code auto} (the model's) or one of the engine's KV cache formats
 * @param quantization the engine's runtime quantization of a 16-bit checkpoint ({@code fp8}), or null
 */
public record EngineInput(
        String name,
        String version,
        BigDecimal gpuMemoryUtilization,
        Integer maxModelLen,
        Integer maxNumSeqs,
        Integer maxNumBatchedTokens,
        Integer blockSize,
        Integer tensorParallelSize,
        Integer pipelineParallelSize,
        String kvCacheDtype,
        String quantization) {}
