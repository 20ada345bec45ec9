package io.gpufit.estimate;

import io.gpufit.model.KvLayout;

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
     * Bytes to store {@code elements} values of {@code dtype}: {@code elements x bytes per element},
     * rounded up to a whole byte (an odd count of int4 values still occupies the last byte; a
     * partial q8_0 block still takes its 34 bytes' share).
     */
    static long bytesFor(long elements, Dtype dtype) {
        long perBlock = dtype.blockElements();
        // elements = q x perBlock + r, so that no intermediate product exceeds the result.
        long whole = Math.multiplyExact(elements / perBlock, dtype.blockBytes());
        long rest = ((elements % perBlock) * dtype.blockBytes() + perBlock - 1) / perBlock;
        return Math.addExact(whole, rest);
    }

    /**
     * Weights of a model known only by its parameter count = parameters x bytes per parameter
     * (every parameter in the requested format).
     */
    static long weightBytes(long parameters, Dtype weightDtype) {
        return weightDtype.floatingPoint16OrWider()
                ? bytesFor(parameters, weightDtype)
                : WeightFormulas.matrixBytes(1, parameters, weightDtype, 128);
    }

    /**
     * KV cache per token = 2 (K and V) x layers x KV heads x head dim x bytes per element. With
     * grouped-query attention the KV heads, not the attention heads, set the width (Ainslie et al.,
     * "GQA", 2023; the layout of the {@code past_key_values} tensors in Hugging Face transformers).
     */
    static long kvCacheBytesPerToken(int numLayers, int numKeyValueHeads, int headDim, Dtype kvCacheDtype) {
        return kvCacheBytesPerToken(new KvLayout(java.util.List.of(
                new KvLayout.LayerGroup(numLayers, (long) KEY_AND_VALUE * numKeyValueHeads, headDim, 0))), kvCacheDtype);
    }

    /** Bytes one layer caches per token: vectors x bytes of one vector (block formats quantize each vector). */
    static long kvBytesPerLayerToken(KvLayout.LayerGroup group, Dtype kvCacheDtype) {
        return Math.multiplyExact(group.vectors(), bytesFor(group.vectorLength(), kvCacheDtype));
    }

    /**
     * KV cache per token, layer group by layer group: layers x bytes of the elements each caches
     * per token (2 x KV heads x head dim; for MLA, kv_lora_rank + qk_rope_head_dim).
     */
    static long kvCacheBytesPerToken(KvLayout layout, Dtype kvCacheDtype) {
        long total = 0;
        for (KvLayout.LayerGroup group : layout.groups()) {
            total = Math.addExact(total, Math.multiplyExact(group.layers(), kvBytesPerLayerToken(group, kvCacheDtype)));
        }
        return total;
    }

    /** Pre-allocated KV cache = batch x sequence length x KV cache per token. */
    static long kvCacheBytes(int batchSize, int sequenceLength, long kvCacheBytesPerToken) {
        return Math.multiplyExact(Math.multiplyExact((long) batchSize, (long) sequenceLength), kvCacheBytesPerToken);
    }

    /**
     * Pre-allocated KV cache with sliding windows = batch x sum over layer groups of layers x bytes
     * per layer and token x tokens held (the sequence length, or the window when smaller).
     */
    static long kvCacheBytes(int batchSize, int sequenceLength, KvLayout layout, Dtype kvCacheDtype) {
        long perSequence = 0;
        for (KvLayout.LayerGroup group : layout.groups()) {
            long perLayerToken = kvBytesPerLayerToken(group, kvCacheDtype);
            perSequence = Math.addExact(perSequence, Math.multiplyExact(
                    Math.multiplyExact(group.layers(), perLayerToken), group.tokensHeld(sequenceLength)));
        }
        return Math.multiplyExact(batchSize, perSequence);
    }

    /** Total = weights + KV cache. */
    static long totalBytes(long weightBytes, long kvCacheBytes) {
        return Math.addExact(weightBytes, kvCacheBytes);
    }
}
