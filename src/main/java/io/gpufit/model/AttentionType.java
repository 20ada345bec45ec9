package io.gpufit.model;

/** How a model's attention stores keys and values; it decides the width of the KV cache. */
public enum AttentionType {
    /** Multi-head attention: one K/V head per query head. */
    MHA,
    /** Grouped-query attention: each K/V head serves a group of query heads. */
    GQA,
    /** Multi-query attention: one K/V head for all query heads. */
    MQA,
    /** Multi-head latent attention (DeepSeek): one compressed latent per token, shared by K and V. */
    MLA;

    static AttentionType fromHeads(int attentionHeads, int kvHeads) {
        if (kvHeads == attentionHeads) {
            return MHA;
        }
        return kvHeads == 1 ? MQA : GQA;
    }
}
