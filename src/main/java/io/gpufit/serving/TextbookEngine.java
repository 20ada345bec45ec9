package io.gpufit.serving;

import static io.gpufit.estimate.Bytes.grouped;
import static io.gpufit.estimate.Bytes.human;

import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.ShardSizes;
import io.gpufit.estimate.Term;
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
        long weightBytes = sizes.weightBytesPerGpu(parallelism);
        Term weights = Term.of("weights on this GPU (TP %d, PP %d)".formatted(parallelism.tp(), parallelism.pp()),
                weightBytes);
        if (estimate.extraModuleIncluded()) {
            long extra = estimate.extraModuleBytes() / parallelism.tp();
            weights = new Term(weights.label(), "%s B + extra module %s B / TP %d".formatted(grouped(weightBytes),
                    grouped(estimate.extraModuleBytes()), parallelism.tp()), Math.addExact(weightBytes, extra));
        }
        Workload workload = estimate.workload();
        long perSequence = parallelism.kvBytesPerSequencePerGpu(estimate.model(), estimate.precision().kvCache(),
                workload.sequenceLength());
        Term kvCache = new Term("KV cache for the workload", "%s sequences x %s B per sequence of %s tokens".formatted(
                grouped(workload.batchSize()), grouped(perSequence), grouped(workload.sequenceLength())),
                Math.multiplyExact(workload.batchSize(), perSequence));
        long required = Math.addExact(weights.bytes(), kvCache.bytes());
        long budget = limitBytes(gpu);
        String reason = required <= budget ? null
                : "needs %s B (%s) per GPU on %d x %s but each allows %s B (%s B usable x %s): %s B short".formatted(
                        grouped(required), human(required), parallelism.gpus(), gpu.name(), grouped(budget),
                        grouped(gpu.usableMemoryBytes()), memoryUtilization.toPlainString(),
                        grouped(required - budget));
        return new TextbookBudget(estimate, parallelism, weights, kvCache, required, budget, reason);
    }
}
