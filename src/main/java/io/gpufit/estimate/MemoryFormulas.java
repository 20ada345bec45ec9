package io.gpufit.estimate;

import io.gpufit.model.KvLayout;

/**
 * The memory formulas, one method each, in exact bytes. Every multiplication is checked: a result
 * beyond {@link Long#MAX_VALUE} throws {@link ArithmeticException} rather than wrapping around.
 */
final class MemoryFormulas {

    private MemoryFormulas() {}

    /**
     * Bytes to store {@code elements} values of {@code dtype}: {@code elements x bytes per element},
     * rounded up to a whole byte (an odd count of int4 values still occupies the last byte; a
     * partial q8_0 block still takes its 34 bytes' share).
     */
    static long bytesFor(long elements, Dtype dtype) {
        long perBlock = dtype.blockElements();
        // elements = q x perBlock + r, so that no intermediate product exceeds the result.
        long whole = Math.multiplyExact(elements / perBlock, dtype.blockBytes());
        long rest = Rounding.ceilDiv((elements % perBlock) * dtype.blockBytes(), perBlock);
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

    /** Bytes one layer caches per token: vectors x bytes of one vector (block formats quantize each vector). */
    static long kvBytesPerLayerToken(KvLayout.LayerGroup group, Dtype kvCacheDtype) {
        return Math.multiplyExact(group.vectors(), bytesFor(group.vectorLength(), kvCacheDtype));
    }

    /**
     * KV cache of one sequence of {@code tokens} = sum over layer groups of layers x bytes per layer
     * and token x tokens held (a sliding-window layer holds at most its window). A layer caches per
     * token 2 (K and V) x KV heads vectors of head dim: with grouped-query attention the KV heads,
     * not the attention heads, set the width (Ainslie et al., "GQA", 2023; the layout of the
     * {@code past_key_values} tensors in Hugging Face transformers); MLA caches one latent of
     * {@code kv_lora_rank + qk_rope_head_dim} (DeepSeek-V2, 2024). With {@code tokens = 1}: the KV
     * cache per token. {@link Parallelism} applies it to one GPU's share of the layers and heads.
     */
    static long kvBytesPerSequence(KvLayout layout, Dtype kvCacheDtype, long tokens) {
        long total = 0;
        for (KvLayout.LayerGroup group : layout.groups()) {
            long perLayerToken = kvBytesPerLayerToken(group, kvCacheDtype);
            total = Math.addExact(
                    total,
                    Math.multiplyExact(Math.multiplyExact(group.layers(), perLayerToken), group.tokensHeld(tokens)));
        }
        return total;
    }

    /**
     * {@link #kvBytesPerSequence} in floating point: never overflows, off by a few parts in 10^16. For
     * deciding that a need is far beyond a budget without computing it exactly.
     */
    static double kvBytesPerSequenceApproximately(KvLayout layout, Dtype kvCacheDtype, long tokens) {
        double total = 0;
        for (KvLayout.LayerGroup group : layout.groups()) {
            total += (double) group.layers() * kvBytesPerLayerToken(group, kvCacheDtype) * group.tokensHeld(tokens);
        }
        return total;
    }

    /** Pre-allocated KV cache = batch x KV cache of one sequence. */
    static long kvCacheBytes(int batchSize, long bytesPerSequence) {
        return Math.multiplyExact(batchSize, bytesPerSequence);
    }

    /** Total = weights + KV cache. */
    static long totalBytes(long weightBytes, long kvCacheBytes) {
        return Math.addExact(weightBytes, kvCacheBytes);
    }
}
