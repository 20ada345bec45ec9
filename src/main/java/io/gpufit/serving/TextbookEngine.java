package io.gpufit.serving;

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
 * usable memory x memory utilization with at least {@code minHeadroomBytes} left over on every GPU.
 *
 * <p>The textbook total (weights + KV cache) leaves out what the runtime itself needs on each GPU:
 * the CUDA context and the activations of the forward pass and the sampler. A placement that leaves
 * less than that free is a trap, so the fit keeps a minimum headroom per GPU ({@link
 * #DEFAULT_MIN_HEADROOM_BYTES} unless the request sets another). A serving engine (vLLM) models
 * those reserves itself and needs no such margin.
 */
public final class TextbookEngine implements ServingEngine {

    /**
     * The default minimum headroom per GPU: 2.5 GiB (2,684,354,560 B). It covers the runtime memory
     * the textbook total leaves out, as measured in the vLLM v0.19 startup logs on H100 the vLLM model
     * is calibrated on ({@code src/test/resources/calibration/vllm-0.19-h100-calibration.json}): the
     * CUDA context (0.25 GiB in vLLM's logs) plus the activation peak of the
     * profiling pass at vLLM's default batch (0.77 GiB for CodeLlama-7B, 1.21 GiB for Mixtral, 1.89
     * GiB for Llama-3.1-8B, 1.93 GiB for DeepSeek-V2-Lite). The largest, 0.25 + 1.93 = 2.18 GiB,
     * rounded up to the next half GiB. It does not cover the NCCL buffers of a multi-GPU placement
     * (2.07 GiB more per GPU) nor CUDA graphs: name an
     * engine to model those, or raise the margin.
     */
    public static final long DEFAULT_MIN_HEADROOM_BYTES = 5L << 29; // 2.5 GiB

    private final BigDecimal memoryUtilization;
    private final long minHeadroomBytes;

    /** With no minimum headroom: weights + KV cache up to the budget fit. */
    public TextbookEngine(BigDecimal memoryUtilization) {
        this(memoryUtilization, 0);
    }

    /**
     * @param memoryUtilization fraction of usable memory the job may use, in (0, 1]
     * @param minHeadroomBytes  what must stay free of each GPU's budget beside weights + KV cache, at least 0
     */
    public TextbookEngine(BigDecimal memoryUtilization, long minHeadroomBytes) {
        if (memoryUtilization.signum() <= 0 || memoryUtilization.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("memoryUtilization must be in (0, 1], was " + memoryUtilization);
        }
        if (minHeadroomBytes < 0) {
            throw new IllegalArgumentException("minHeadroomBytes must be at least 0, was " + minHeadroomBytes);
        }
        this.memoryUtilization = memoryUtilization;
        this.minHeadroomBytes = minHeadroomBytes;
    }

    @Override
    public long limitBytes(GpuProfile gpu) {
        return ServingEngine.budgetBytes(gpu, memoryUtilization);
    }

    @Override
    public long minHeadroomBytes() {
        return minHeadroomBytes;
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
        long kv = Math.multiplyExact(workload.batchSize(), sizes.workloadSequenceKvBytesPerGpu(parallelism));
        return new TextbookBudget(
                estimate, parallelism, weights, kv, limitBytes(gpu), minHeadroomBytes, gpu, memoryUtilization);
    }
}
