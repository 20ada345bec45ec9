/**
 * Serving engines' memory budgets, each an implementation of {@link io.gpufit.plan.ServingEngine}:
 * the textbook estimate (no engine: weights and a pre-allocated KV cache within usable memory x
 * utilization), and what an engine such as vLLM reserves at startup (CUDA context, activation
 * peak, communication buffers, CUDA graphs) and how much KV cache it can then hold. Plain Java: no
 * Spring, no HTTP.
 */
package io.gpufit.serving;
