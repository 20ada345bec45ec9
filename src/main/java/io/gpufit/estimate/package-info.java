/**
 * The memory formulas: weights, KV cache and their total, in exact bytes, with the derivation an
 * engineer would write by hand. Plain Java: no Spring, no HTTP.
 */
package io.gpufit.estimate;
