package io.gpufit.application;

/**
 * A scenario of a batch failed in a way that stops the batch (its byte counts overflow, or its
 * model's config could not be fetched from the Hub): the failure, with the scenario it came from.
 */
public class ScenarioFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int index;
    private final String name;

    ScenarioFailedException(int index, String name, RuntimeException cause) {
        super("scenarios[" + index + "]: " + cause.getMessage(), cause);
        this.index = index;
        this.name = name;
    }

    /** The scenario's position in the batch, from 0. */
    public int index() {
        return index;
    }

    /** The scenario's label as given; null when it has none. */
    public String name() {
        return name;
    }

    /** What failed: an {@link io.gpufit.estimate.EstimateOverflowException} or a {@link io.gpufit.hub.HubException}. */
    @Override
    public synchronized RuntimeException getCause() {
        return (RuntimeException) super.getCause();
    }
}
