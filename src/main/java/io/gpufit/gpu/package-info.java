/**
 * The GPU catalog: what each GPU offers (usable memory, BF16/FP8 support, bandwidth, price),
 * loaded from a YAML resource an operator can replace or extend.
 */
package io.gpufit.gpu;
