package io.gpufit.web;

import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.MemoryEstimator;
import io.gpufit.plan.FitPlan;
import io.gpufit.plan.FitPlanner;
import io.gpufit.serving.TextbookEngine;
import io.gpufit.serving.VllmEngine;
import org.springframework.stereotype.Component;

/** One estimate from request to response: translate, estimate, plan. Shared by /estimate and /plan. */
@Component
class Estimations {

    private final EstimateRequestMapper mapper;

    Estimations(EstimateRequestMapper mapper) {
        this.mapper = mapper;
    }

    EstimateResponse estimate(EstimateRequest request) {
        EstimateCommand command = mapper.toCommand(request);
        MemoryEstimate estimate = MemoryEstimator.estimate(command.model(), command.precision(), command.workload(),
                command.includeExtraModule());
        FitPlan plan = FitPlanner.plan(estimate, command.gpus(), command.engine() == null
                ? new TextbookEngine(command.memoryUtilization()) : new VllmEngine(command.engine()));
        return EstimateResponse.of(command, estimate, plan);
    }

    /** As {@link #estimate}, with every violation's field placed under {@code prefix}, e.g. {@code scenarios[2].request.}. */
    EstimateResponse estimate(EstimateRequest request, String prefix) {
        try {
            return estimate(request);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(e.violations().stream()
                    .map(v -> new Violation(prefix + v.field(), v.rejectedValue(), v.message())).toList());
        }
    }
}
