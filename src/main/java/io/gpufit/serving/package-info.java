/**
 * Serving engines' memory budgets: what an engine such as vLLM reserves at startup (CUDA context,
 * activation peak, communication buffers, CUDA graphs) and how much KV cache it can then hold.
 * Plain Java: no Spring, no HTTP.
 */
package io.gpufit.serving;
