package io.gpufit.estimate;

/**
 * The load the KV cache is pre-allocated for.
 *
 * @param batchSize      sequences served at once
 * @param sequenceLength tokens per sequence, prompt plus output
 */
public record Workload(int batchSize, int sequenceLength) {

    public Workload {
        if (batchSize <= 0 || sequenceLength <= 0) {
            throw new IllegalArgumentException("batchSize and sequenceLength must be positive");
        }
    }
}
