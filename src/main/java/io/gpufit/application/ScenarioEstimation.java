package io.gpufit.application;

/**
 * One scenario of a batch, estimated and planned.
 *
 * @param index      its position in the batch, from 0
 * @param name       its label, as given
 * @param estimation the result
 */
public record ScenarioEstimation(int index, String name, Estimation estimation) {}
