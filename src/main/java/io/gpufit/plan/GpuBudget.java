package io.gpufit.plan;

import io.gpufit.estimate.Term;
import java.util.List;

/** What one GPU of a placement holds under a serving engine, and whether the workload fits. */
public interface GpuBudget {

    /** What the busiest GPU holds: its weights, the workload's KV cache and the engine's own reserves. */
    List<Term> terms();

    /** What the engine may use on this GPU: usable memory x utilization, rounded down. */
    long limitBytes();

    /** What the busiest GPU needs for the workload: the terms' sum unless the engine says otherwise. */
    long requiredBytes();

    /** Why the workload does not fit; null when it fits. Written when asked: a plan weighs many budgets. */
    String reason();

    /** Whether the workload fits: {@link #reason()} is null, decided without writing it. */
    default boolean holdsWorkload() {
        return reason() == null;
    }

    /**
     * The bytes this GPU lacks for the workload: positive only when it does not fit for lack of
     * memory; 0 when it fits, or when something else stops it (e.g. an engine refusing a sequence
     * longer than its maximum). By default what the requirement exceeds the limit by.
     */
    default long missingBytes() {
        return holdsWorkload() ? 0 : Math.max(0, Math.subtractExact(requiredBytes(), limitBytes()));
    }

    /** The load this GPU can take: largest batch, longest sequence, concurrency at full context. */
    Capacity capacity();
}
