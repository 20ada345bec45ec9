package io.gpufit.plan;

import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.ShardSizes;
import io.gpufit.gpu.GpuProfile;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * A serving engine as the planner sees it: which GPUs it runs on, which placements to try, and
 * what one GPU of a placement holds for the workload. The textbook estimate (no engine) and vLLM
 * implement it in {@code io.gpufit.serving}; another engine is one more implementation there.
 */
public interface ServingEngine {

    /** Tensor parallelism on 1, 2, 4 and 8 GPUs, smallest first. */
    List<Parallelism> TENSOR_PARALLEL_UP_TO_8 =
            List.of(new Parallelism(1, 1), new Parallelism(2, 1), new Parallelism(4, 1), new Parallelism(8, 1));

    /** The placements to try, in order: the planner takes the first that fits. */
    default List<Parallelism> placements() {
        return TENSOR_PARALLEL_UP_TO_8;
    }

    /** Why the engine cannot run on this GPU whatever the formats; empty when it can. */
    default Optional<String> incompatibility(GpuProfile gpu) {
        return Optional.empty();
    }

    /** What the engine may use of one GPU of this type, whatever the placement: see {@link #budgetBytes}. */
    long limitBytes(GpuProfile gpu);

    /**
     * What a placement must leave free on each GPU beside what the engine counts, for memory the
     * engine does not model (the textbook estimate's runtime margin); 0 when the engine models it all.
     */
    default long minHeadroomBytes() {
        return 0;
    }

    /** One GPU of a placement the model can be split into: what it holds, and whether the workload fits. */
    GpuBudget budget(ShardSizes sizes, Parallelism parallelism, GpuProfile gpu);

    /**
     * Budget = usable memory x utilization, rounded down to a whole byte: the share of a GPU a job
     * may use (vLLM's {@code requested_memory = total x gpu_memory_utilization}, in its worker's
     * {@code determine_available_memory}).
     */
    static long budgetBytes(GpuProfile gpu, BigDecimal utilization) {
        return BigDecimal.valueOf(gpu.usableMemoryBytes())
                .multiply(utilization)
                .setScale(0, RoundingMode.FLOOR)
                .longValueExact();
    }
}
