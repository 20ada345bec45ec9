package io.gpufit.application;

import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.MemoryEstimator;
import io.gpufit.plan.FitPlan;
import io.gpufit.plan.FitPlanner;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Inputs estimated and planned: translate, estimate, plan. One at a time, or a batch of scenarios. */
@Component
public class Estimations {

    private final EstimateCommands commands;

    public Estimations(EstimateCommands commands) {
        this.commands = commands;
    }

    /**
     * @throws InvalidInputException                        listing every violation of the input
     * @throws io.gpufit.estimate.EstimateOverflowException when a byte count does not fit in 64 bits
     * @throws io.gpufit.hub.HubException                   when the model's config cannot be fetched from the Hub
     */
    public Estimation estimate(EstimateInput input) {
        EstimateCommand command = commands.toCommand(input);
        MemoryEstimate estimate = MemoryEstimator.estimate(
                command.model(), command.precision(), command.workload(), command.includeExtraModule());
        FitPlan plan = FitPlanner.plan(
                estimate, command.gpus(), command.engine(), command.bf16Origin(), command.planOptions());
        return new Estimation(command, estimate, plan);
    }

    /**
     * Every scenario, in order; {@code input.gpus()} applies to those that name none. Violations
     * of all scenarios are reported together, each field under {@code scenarios[i].request.};
     * any other failure stops the batch at once.
     *
     * @throws InvalidInputException listing every violation of every scenario
     */
    public List<ScenarioEstimation> plan(PlanInput input) {
        List<ScenarioEstimation> results = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < input.scenarios().size(); i++) {
            PlanInput.Scenario scenario = input.scenarios().get(i);
            EstimateInput request = scenario.request();
            if (request.gpus() == null && input.gpus() != null) {
                request = request.withGpus(input.gpus());
            }
            try {
                results.add(new ScenarioEstimation(i, scenario.name(), estimate(request)));
            } catch (InvalidInputException e) {
                String prefix = "scenarios[" + i + "].request.";
                e.violations().forEach(v -> violations.add(v.under(prefix)));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return results;
    }
}
