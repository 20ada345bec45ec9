package io.gpufit.application;

import java.util.List;

/**
 * Scenarios to estimate in one batch.
 *
 * @param gpus      candidate GPU ids or short names for the scenarios that name none; null for all
 * @param scenarios what to estimate, in order
 */
public record PlanInput(List<String> gpus, List<Scenario> scenarios) {

    /**
     * One scenario.
     *
     * @param name    a label, echoed in the result; may be null
     * @param request what to estimate
     */
    public record Scenario(String name, EstimateInput request) {}
}
