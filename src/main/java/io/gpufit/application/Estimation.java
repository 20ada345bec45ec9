package io.gpufit.application;

import io.gpufit.deploy.Deployment;
import io.gpufit.deploy.DeploymentRecipes;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.plan.Candidate;
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

    /** How to run one of the plan's candidates (engine arguments, Kubernetes resources); null when it is invalid. */
    public Deployment deployment(Candidate candidate) {
        return DeploymentRecipes.of(candidate, estimate, command.autoDtype());
    }
}
