package io.gpufit.application;

import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.plan.FitPlan;
import java.util.List;

/**
 * One input estimated and planned.
 *
 * @param command  the input as resolved: model, formats, workload, GPUs, engine settings, defaults applied
 * @param estimate the memory the model needs for the workload
 * @param plan     the GPUs weighed against it
 */
public record Estimation(EstimateCommand command, MemoryEstimate estimate, FitPlan plan) {

    /** What resolving the input decided for the caller (defaults, overrides). */
    public List<String> notes() {
        return command.notes();
    }
}
