package io.gpufit.plan;

import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.ShardSizes;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Roofline speeds of a placement: a decode step reads the active weights and every sequence's KV
 * cache once, at {@link #BANDWIDTH_EFFICIENCY} of peak bandwidth, the TP ranks in parallel; prefill
 * needs 2 x active parameters x prompt tokens FLOPs at {@link #COMPUTE_EFFICIENCY} of peak FP16.
 */
final class Roofline {

    /** Roofline efficiencies: share of peak HBM bandwidth decode reaches, share of peak FLOPS prefill reaches. */
    static final BigDecimal BANDWIDTH_EFFICIENCY = new BigDecimal("0.8");

    static final BigDecimal COMPUTE_EFFICIENCY = new BigDecimal("0.5");

    private Roofline() {}

    static Speed speed(ShardSizes sizes, GpuProfile gpu, Parallelism parallelism) {
        MemoryEstimate estimate = sizes.estimate();
        ModelArchitecture model = estimate.model();
        long batch = estimate.workload().batchSize();
        int sequenceLength = estimate.workload().sequenceLength();
        long weights = sizes.activeWeightBytesPerRank(parallelism);
        // one TP rank's share over all layers: the cache a decode step reads, whatever the pipeline split;
        // in BigDecimal: a secondary figure never overflows
        BigDecimal kv = BigDecimal.valueOf(batch)
                .multiply(
                        BigDecimal.valueOf(sizes.workloadSequenceKvBytesPerGpu(new Parallelism(parallelism.tp(), 1))));
        MathContext mc = MathContext.DECIMAL64;
        BigDecimal bandwidth = gpu.memoryBandwidthGbps()
                .multiply(BigDecimal.valueOf(1_000_000_000L))
                .multiply(BANDWIDTH_EFFICIENCY);
        BigDecimal step = BigDecimal.valueOf(weights).add(kv).divide(bandwidth, mc);
        BigDecimal perSequence = BigDecimal.ONE.divide(step, mc).setScale(1, RoundingMode.HALF_EVEN);
        BigDecimal total = BigDecimal.valueOf(batch).divide(step, mc).setScale(1, RoundingMode.HALF_EVEN);
        BigDecimal flops = gpu.fp16Tflops()
                .multiply(BigDecimal.valueOf(1_000_000_000_000L))
                .multiply(BigDecimal.valueOf(parallelism.tp()))
                .multiply(COMPUTE_EFFICIENCY);
        BigDecimal prefill = BigDecimal.valueOf(2)
                .multiply(BigDecimal.valueOf(model.activeParameters()))
                .multiply(BigDecimal.valueOf(sequenceLength))
                .divide(flops, mc)
                .setScale(4, RoundingMode.HALF_EVEN);
        return new Speed(perSequence, total, prefill, BANDWIDTH_EFFICIENCY, COMPUTE_EFFICIENCY);
    }
}
