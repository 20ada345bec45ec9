package io.gpufit.plan;

import io.gpufit.estimate.Parallelism;
import io.gpufit.serving.VllmBudget;

/**
 * One way to run the model on {@code parallelism.gpus()} GPUs of a type, and whether it works.
 *
 * @param valid             the TP/PP sizes can split the model
 * @param requiredBytes     what the busiest GPU needs (textbook: weights + KV cache on it); 0 when invalid
 * @param budgetBytes       usable memory x utilization on one GPU
 * @param fits              valid, and the job fits every GPU (with an engine: vLLM starts and holds the workload)
 * @param reason            why it is invalid or does not fit; null when it fits
 * @param serving           the engine's budget, when an engine was given
 */
public record Placement(
        Parallelism parallelism,
        boolean valid,
        long requiredBytes,
        long budgetBytes,
        boolean fits,
        String reason,
        VllmBudget serving) {

    public int gpus() {
        return parallelism.gpus();
    }
}
