package io.gpufit.serving;

import static io.gpufit.estimate.Bytes.grouped;
import static io.gpufit.estimate.Bytes.human;

import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.ShardSizes;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.plan.ServingEngine;
import java.math.BigDecimal;

/**
 * No serving engine: the textbook estimate. Each GPU of a placement holds its share of the weights
 * and of a KV cache pre-allocated for the whole workload; the job fits when that stays within
 * usable memory x memory utilization.
 */
public final class TextbookEngine implements ServingEngine {

    private final BigDecimal memoryUtilization;

    /** @param memoryUtilization fraction of usable memory the job may use, in (0, 1] */
    public TextbookEngine(BigDecimal memoryUtilization) {
        if (memoryUtilization.signum() <= 0 || memoryUtilization.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("memoryUtilization must be in (0, 1], was " + memoryUtilization);
        }
        this.memoryUtilization = memoryUtilization;
    }

    @Override
    public long limitBytes(GpuProfile gpu) {
        return ServingEngine.budgetBytes(gpu, memoryUtilization);
    }

    /** Weights on the busiest GPU (and its TP share of the extra module when included) + its KV cache. */
    @Override
    public TextbookBudget budget(ShardSizes sizes, Parallelism parallelism, GpuProfile gpu) {
        MemoryEstimate estimate = sizes.estimate();
        long weights = sizes.weightBytesPerGpu(parallelism);
        if (estimate.extraModuleIncluded()) {
            weights = Math.addExact(weights, estimate.extraModuleBytes() / parallelism.tp());
        }
        Workload workload = estimate.workload();
        long kv = Math.multiplyExact(
                workload.batchSize(),
                parallelism.kvBytesPerSequencePerGpu(
                        estimate.model(), estimate.precision().kvCache(), workload.sequenceLength()));
        long required = Math.addExact(weights, kv);
        long budget = limitBytes(gpu);
        String reason = required <= budget
                ? null
                : "needs %s B (%s) per GPU on %d x %s but each allows %s B (%s B usable x %s): %s B short"
                        .formatted(
                                grouped(required),
                                human(required),
                                parallelism.gpus(),
                                gpu.name(),
                                grouped(budget),
                                grouped(gpu.usableMemoryBytes()),
                                memoryUtilization.toPlainString(),
                                grouped(required - budget));
        return new TextbookBudget(estimate, parallelism, weights, kv, budget, reason);
    }
}
