/**
 * Fitting an estimate onto GPUs: which GPUs are compatible with the requested formats, which
 * have room for it, and which one to recommend. What one GPU holds is a serving engine's answer
 * ({@link io.gpufit.plan.ServingEngine}); the planner knows engines only through that contract.
 * Plain Java: no Spring, no HTTP.
 */
package io.gpufit.plan;
