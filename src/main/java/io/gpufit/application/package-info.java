/**
 * Orchestration without HTTP: a plain input is checked across fields, given its defaults, its
 * model and GPUs are looked up, and it is estimated and planned. Problems come back as an
 * {@link io.gpufit.application.InvalidInputException} naming each field by its path in the input
 * (which mirrors the JSON of the HTTP API, e.g. {@code engine.tensorParallelSize}, {@code gpus[0]}).
 */
package io.gpufit.application;
