/**
 * Fitting an estimate onto GPUs: which GPUs are compatible with the requested formats, which
 * have room for it, and which one to recommend. Plain Java: no Spring, no HTTP.
 */
package io.gpufit.plan;
