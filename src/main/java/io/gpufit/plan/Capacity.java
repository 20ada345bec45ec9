package io.gpufit.plan;

/**
 * The inverse questions for a placement: how much load it can take.
 *
 * @param maxBatchSize        sequences of the requested length it holds at once
 * @param maxSequenceLength   tokens per sequence it holds at the requested batch size
 * @param contextLength       the length {@code maxConcurrency} is counted at (max_model_len, else
 *                            the model's context, else the requested length)
 * @param maxConcurrency      sequences of {@code contextLength} it holds at once
 */
public record Capacity(long maxBatchSize, long maxSequenceLength, long contextLength, long maxConcurrency) {}
