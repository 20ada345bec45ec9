package io.gpufit.application;

/**
 * Told what became of each estimate, for whoever counts them (the metrics adapter); the defaults do
 * nothing. Called on the request's thread, so an implementation must be quick and must not throw.
 */
public interface EstimationListener {

    /**
     * One input estimated, alone ({@code POST /estimate}) or as a scenario of a plan.
     *
     * @param engine         {@code textbook}, or the engine the input named ({@code vllm}); {@code unknown}
     *                       for a name no engine has
     * @param outcome        what came of it
     * @param recommendedGpu the id of the GPU recommended; null when nothing fits or the estimate failed
     */
    default void estimated(String engine, EstimateOutcome outcome, String recommendedGpu) {}

    /**
     * A plan was asked for.
     *
     * @param scenarios how many scenarios it has
     */
    default void planned(int scenarios) {}
}
