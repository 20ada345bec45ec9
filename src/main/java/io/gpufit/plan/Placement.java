package io.gpufit.plan;

import io.gpufit.estimate.Parallelism;

/**
 * One way to run the model on {@code parallelism.gpus()} GPUs of a type, and whether it works.
 *
 * @param parallelism the TP x PP split
 * @param budgetBytes what the engine may use on one GPU (usable memory x utilization)
 * @param budget      the engine's budget for one GPU of it; null when the split is invalid
 * @param invalidity  why the TP/PP sizes cannot split the model; null when they can
 */
public record Placement(Parallelism parallelism, long budgetBytes, GpuBudget budget, String invalidity) {

    public Placement {
        if ((budget == null) == (invalidity == null)) {
            throw new IllegalArgumentException("a placement has either a budget or a reason it is invalid");
        }
    }

    static Placement of(Parallelism parallelism, GpuBudget budget) {
        return new Placement(parallelism, budget.limitBytes(), budget, null);
    }

    static Placement invalid(Parallelism parallelism, long budgetBytes, String invalidity) {
        return new Placement(parallelism, budgetBytes, null, invalidity);
    }

    public int gpus() {
        return parallelism.gpus();
    }

    /** The TP/PP sizes can split the model. */
    public boolean valid() {
        return budget != null;
    }

    /** What the busiest GPU needs (textbook: weights + KV cache on it); 0 when invalid. */
    public long requiredBytes() {
        return valid() ? budget.requiredBytes() : 0;
    }

    /** Valid, and the job fits every GPU (with vLLM: it starts and holds the workload). */
    public boolean fits() {
        return valid() && budget.holdsWorkload();
    }

    /** Why it is invalid or does not fit; null when it fits. */
    public String reason() {
        return valid() ? budget.reason() : invalidity;
    }
}
