package io.gpufit.model;

/**
 * The attention heads of every layer.
 *
 * @param heads   query heads
 * @param kvHeads key/value heads (equal to {@code heads} for MHA, 1 for MQA; for MLA the heads,
 *                whose K and V are rebuilt from one latent)
 * @param headDim elements per query/key head
 * @param type    how K and V are stored, which sets the KV cache's width
 */
public record AttentionShape(int heads, int kvHeads, int headDim, AttentionType type) {

    public AttentionShape {
        if (heads <= 0 || kvHeads <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("attention sizes must be positive");
        }
    }

    /** Standard attention: MHA, GQA or MQA, from the head counts. */
    static AttentionShape of(int heads, int kvHeads, int headDim) {
        return new AttentionShape(heads, kvHeads, headDim, AttentionType.fromHeads(heads, kvHeads));
    }

    /** Why {@code tp} ranks cannot split these heads, or null when they can. */
    public String tensorParallelInvalidity(int tp) {
        if (heads % tp != 0) {
            return "TP " + tp + " does not divide the " + heads + (heads == 1 ? " attention head" : " attention heads");
        }
        if (type != AttentionType.MLA && kvHeads % tp != 0 && tp % kvHeads != 0) {
            return "TP " + tp + " neither divides the " + kvHeads + " KV heads nor is a multiple of them";
        }
        return null;
    }
}
