package io.gpufit.estimate;

/**
 * What the memory formulas need to know about a model: its parameter count and the shape of its
 * attention, already resolved (defaults applied, checked).
 *
 * @param parameters        exact parameter count
 * @param numLayers         transformer layers, each holding its own K and V cache
 * @param numAttentionHeads query heads
 * @param numKeyValueHeads  K/V heads: equal to the query heads for multi-head attention, fewer for
 *                          grouped-query attention, 1 for multi-query attention
 * @param headDim           elements per head
 */
public record ModelShape(long parameters, int numLayers, int numAttentionHeads, int numKeyValueHeads, int headDim) {

    public ModelShape {
        requirePositive(parameters, "parameters");
        requirePositive(numLayers, "numLayers");
        requirePositive(numAttentionHeads, "numAttentionHeads");
        requirePositive(numKeyValueHeads, "numKeyValueHeads");
        requirePositive(headDim, "headDim");
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("numKeyValueHeads (" + numKeyValueHeads
                    + ") must divide numAttentionHeads (" + numAttentionHeads + ")");
        }
    }

    public AttentionType attentionType() {
        if (numKeyValueHeads == numAttentionHeads) {
            return AttentionType.MHA;
        }
        return numKeyValueHeads == 1 ? AttentionType.MQA : AttentionType.GQA;
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** How the query heads share K/V heads; it decides the width of the KV cache. */
    public enum AttentionType {
        /** Multi-head attention: one K/V head per query head. */
        MHA,
        /** Grouped-query attention: each K/V head serves a group of query heads. */
        GQA,
        /** Multi-query attention: one K/V head for all query heads. */
        MQA
    }
}
