/**
 * Deployment recipes: what a scheduler hands the engine and Kubernetes to run a candidate placement as
 * it was planned, the vLLM command-line arguments that reproduce (or stay inside) the modelled budget and
 * the pod's GPU resources and node selector. Plain Java: no Spring, no HTTP.
 */
package io.gpufit.deploy;
