package io.gpufit.plan;

import java.math.BigDecimal;

/**
 * A roofline estimate: an upper bound, not a benchmark. Decode is memory-bound (each step reads the
 * active weights and every sequence's KV cache); prefill is compute-bound (about 2 x active
 * parameters x prompt tokens floating-point operations).
 *
 * @param decodeTokensPerSecondPerSequence  1 / step time
 * @param decodeTokensPerSecondTotal        batch / step time
 * @param prefillSeconds                    time to first token for one prompt of the sequence length
 * @param memoryBandwidthEfficiency         fraction of peak bandwidth assumed
 * @param computeEfficiency                 fraction of peak dense FP16 FLOPS assumed
 */
public record Speed(
        BigDecimal decodeTokensPerSecondPerSequence,
        BigDecimal decodeTokensPerSecondTotal,
        BigDecimal prefillSeconds,
        BigDecimal memoryBandwidthEfficiency,
        BigDecimal computeEfficiency) {}
