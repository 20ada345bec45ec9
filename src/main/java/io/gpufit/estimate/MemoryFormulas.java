package io.gpufit.estimate;

/**
 * The memory formulas, one method each, in exact bytes. Every multiplication is checked: a result
 * beyond {@link Long#MAX_VALUE} throws {@link ArithmeticException} rather than wrapping around.
 */
final class MemoryFormulas {

    /** K and V: every layer caches one key and one value vector per KV head and token. */
    static final int KEY_AND_VALUE = 2;

    private MemoryFormulas() {
    }

    /**
     * Bytes to store {@code elements} values of {@code dtype}: {@code elements x bits / 8}, rounded
     * up to a whole byte (an odd count of int4 values still occupies the last byte).
     */
    static long bytesFor(long elements, Dtype dtype) {
        long bits = dtype.bitsPerElement();
        // Split elements = 8q + r so that the intermediate product never exceeds the result.
        long wholeBytes = Math.multiplyExact(elements / 8, bits);
        long remainderBytes = ((elements % 8) * bits + 7) / 8;
        return Math.addExact(wholeBytes, remainderBytes);
    }

    /** Weights = parameters x bytes per parameter. */
    static long weightBytes(long parameters, Dtype weightDtype) {
        return bytesFor(parameters, weightDtype);
    }

    /**
     * KV cache per token = 2 (K and V) x layers x KV heads x head dim x bytes per element. With
     * grouped-query attention the KV heads, not the attention heads, set the width (Ainslie et al.,
     * "GQA", 2023; the layout of the {@code past_key_values} tensors in Hugging Face transformers).
     */
    static long kvCacheBytesPerToken(int numLayers, int numKeyValueHeads, int headDim, Dtype kvCacheDtype) {
        long elements = Math.multiplyExact(
                Math.multiplyExact((long) KEY_AND_VALUE * numLayers, (long) numKeyValueHeads), (long) headDim);
        return bytesFor(elements, kvCacheDtype);
    }

    /** Pre-allocated KV cache = batch x sequence length x KV cache per token. */
    static long kvCacheBytes(int batchSize, int sequenceLength, long kvCacheBytesPerToken) {
        return Math.multiplyExact(Math.multiplyExact((long) batchSize, (long) sequenceLength), kvCacheBytesPerToken);
    }

    /** Total = weights + KV cache. */
    static long totalBytes(long weightBytes, long kvCacheBytes) {
        return Math.addExact(weightBytes, kvCacheBytes);
    }
}
