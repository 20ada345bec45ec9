package io.gpufit.application;

import io.gpufit.estimate.Bytes;
import io.gpufit.estimate.EstimateOverflowException;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.MemoryEstimator;
import io.gpufit.hub.HubException;
import io.gpufit.plan.Candidate;
import io.gpufit.plan.FitPlan;
import io.gpufit.plan.FitPlanner;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Inputs estimated and planned: translate, estimate, plan. One at a time, or a batch of scenarios. */
@Component
public class Estimations {

    private final EstimateCommands commands;
    private final List<EstimationListener> listeners;

    /**
     * @param listeners told of every estimate and plan (the metrics); may be empty
     */
    public Estimations(EstimateCommands commands, List<EstimationListener> listeners) {
        this.commands = commands;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * @throws InvalidInputException                        listing every violation of the input
     * @throws io.gpufit.estimate.EstimateOverflowException when a byte count does not fit in 64 bits
     * @throws io.gpufit.hub.HubException                   when the model's config cannot be fetched from the Hub
     */
    public Estimation estimate(EstimateInput input) {
        Estimation result;
        try {
            result = compute(input);
        } catch (RuntimeException e) {
            tell(input, EstimateOutcome.of(e), null);
            throw e;
        }
        Candidate recommended = result.plan().recommended();
        tell(
                input,
                recommended == null ? EstimateOutcome.NO_FIT : EstimateOutcome.FITS,
                recommended == null ? null : recommended.gpu().id());
        return result;
    }

    private Estimation compute(EstimateInput input) {
        EstimateCommand command = commands.toCommand(input);
        MemoryEstimate estimate = MemoryEstimator.estimate(
                command.model(), command.precision(), command.workload(), command.includeExtraModule());
        FitPlan plan = FitPlanner.plan(
                estimate, command.gpus(), command.engine(), command.bf16Origin(), command.planOptions());
        return new Estimation(command, estimate, plan);
    }

    private void tell(EstimateInput input, EstimateOutcome outcome, String recommendedGpu) {
        if (listeners.isEmpty()) {
            return;
        }
        String engine = input.engine() == null
                ? "textbook"
                : SupportedEngine.fromId(input.engine().name())
                        .map(SupportedEngine::id)
                        .orElse("unknown");
        for (EstimationListener listener : listeners) {
            listener.estimated(engine, outcome, recommendedGpu);
        }
    }

    /**
     * Every scenario, in order; {@code input.gpus()} applies to those that name none. Violations
     * of all scenarios are reported together, each field under {@code scenarios[i].request.}, and
     * those of {@code input.gpus()} once, as {@code gpus[i]}. A batch whose GPU names are valid and
     * whose answer would hold more than {@code limits.maxCandidateRows()} rows is refused before
     * anything else is done. Once a violation is found the
     * remaining scenarios are only checked, not estimated, and once {@code limits.maxViolations()}
     * are found the scenarios after the current one are not checked either (the exception's
     * remark says which). An overflow or a Hub failure stops the batch at once, naming its scenario.
     *
     * @throws InvalidInputException   listing the violations found, or naming the limit when the
     *                                 batch would answer more than {@code limits.maxCandidateRows()} rows
     * @throws ScenarioFailedException when a scenario's byte counts overflow or its model's Hub fetch fails
     */
    public List<ScenarioEstimation> plan(PlanInput input, PlanLimits limits) {
        listeners.forEach(l -> l.planned(input.scenarios().size()));
        List<Violation> violations = new ArrayList<>();
        List<String> inherited = input.gpus();
        if (inherited != null) {
            commands.gpus().candidates(inherited, violations);
        }
        if (violations.isEmpty()) {
            refuseOversized(input, limits);
        } else {
            // reported once, as gpus[i]; the scenarios are still checked, against the whole catalog
            inherited = null;
        }
        List<ScenarioEstimation> results = new ArrayList<>();
        int count = input.scenarios().size();
        for (int i = 0; i < count; i++) {
            PlanInput.Scenario scenario = input.scenarios().get(i);
            EstimateInput request = scenario.request();
            if (request.gpus() == null && inherited != null) {
                request = request.withGpus(inherited);
            }
            try {
                if (violations.isEmpty()) {
                    results.add(new ScenarioEstimation(i, scenario.name(), estimate(request)));
                } else {
                    commands.toCommand(request);
                }
            } catch (InvalidInputException e) {
                String prefix = "scenarios[" + i + "].request.";
                e.violations().forEach(v -> violations.add(v.under(prefix)));
            } catch (EstimateOverflowException | HubException e) {
                throw new ScenarioFailedException(i, scenario.name(), e);
            }
            if (violations.size() >= limits.maxViolations() && i < count - 1) {
                throw new InvalidInputException(violations, unchecked(i + 1, count - 1));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return results;
    }

    /**
     * Refuses a batch whose answer would hold more candidate rows than the limit, before anything
     * is computed: each scenario counts the GPUs it names, else those the batch names, else the
     * whole catalog.
     */
    private void refuseOversized(PlanInput input, PlanLimits limits) {
        int catalog = commands.gpus().all().size();
        long rows = 0;
        for (PlanInput.Scenario scenario : input.scenarios()) {
            List<String> named =
                    scenario.request().gpus() != null ? scenario.request().gpus() : input.gpus();
            rows += named == null ? catalog : named.size();
        }
        if (rows > limits.maxCandidateRows()) {
            throw new InvalidInputException(List.of(new Violation(
                    "scenarios",
                    rows,
                    "this plan asks for " + Bytes.grouped(rows) + " candidate rows ("
                            + Bytes.count(input.scenarios().size(), "scenario")
                            + ", each weighed against the GPUs it names, else the top-level gpus, else the "
                            + "whole catalog of " + Bytes.count(catalog, "GPU") + "), more than the "
                            + Bytes.grouped(limits.maxCandidateRows()) + " one answer may hold "
                            + "(gpufit.limits.max-plan-candidates): split it into smaller plans or name fewer gpus")));
        }
    }

    private static String unchecked(int first, int last) {
        return first == last
                ? "scenario " + first + " was not checked"
                : "scenarios " + first + " to " + last + " were not checked";
    }
}
