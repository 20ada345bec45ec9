package io.gpufit.model;

/**
 * What a tensor group does in the model. Every decision that depends on a tensor's function
 * (how tensor parallelism shards it, which pipeline stage holds it, whether a quantized format
 * quantizes it, which llama.cpp rule sizes it) is taken from its role, never from its name.
 *
 * <p>Sharding follows vLLM's layers: column- and row-parallel linears and the vocabulary-parallel
 * embedding and head are split across the TP ranks; K and V projections are split over the KV
 * heads (each rank holds at least one); norms, routers and MLA's down-projections are replicated.
 */
public enum TensorRole {
    EMBEDDING(WeightPart.EMBEDDINGS, Sharding.SPLIT, Stage.FIRST, false),
    ATTENTION_Q(WeightPart.ATTENTION, Sharding.SPLIT, Stage.LAYERS, true),
    ATTENTION_K(WeightPart.ATTENTION, Sharding.SPLIT_BY_KV_HEADS, Stage.LAYERS, true),
    ATTENTION_V(WeightPart.ATTENTION, Sharding.SPLIT_BY_KV_HEADS, Stage.LAYERS, true),
    /** Fused q, k and v (Phi-3 {@code qkv_proj}, Falcon {@code query_key_value}). */
    ATTENTION_QKV(WeightPart.ATTENTION, Sharding.SPLIT, Stage.LAYERS, true),
    ATTENTION_OUTPUT(WeightPart.ATTENTION, Sharding.SPLIT, Stage.LAYERS, true),
    /** Learned attention sinks, one per head (gpt-oss). */
    ATTENTION_SINK(WeightPart.ATTENTION, Sharding.SPLIT, Stage.LAYERS, false),
    /** MLA's query down-projection ({@code q_a_proj}): replicated on every rank. */
    MLA_Q_DOWN(WeightPart.ATTENTION, Sharding.REPLICATED, Stage.LAYERS, true),
    /** MLA's query up-projection ({@code q_b_proj}). */
    MLA_Q_UP(WeightPart.ATTENTION, Sharding.SPLIT, Stage.LAYERS, true),
    /** MLA's joint KV down-projection with the rope key ({@code kv_a_proj_with_mqa}): replicated. */
    MLA_KV_DOWN(WeightPart.ATTENTION, Sharding.REPLICATED, Stage.LAYERS, true),
    /** MLA's KV up-projection ({@code kv_b_proj}): llama.cpp sizes it as attn_v. */
    MLA_KV_UP(WeightPart.ATTENTION, Sharding.SPLIT, Stage.LAYERS, true),
    MLP_GATE(WeightPart.MLP, Sharding.SPLIT, Stage.LAYERS, true),
    MLP_UP(WeightPart.MLP, Sharding.SPLIT, Stage.LAYERS, true),
    MLP_GATE_UP(WeightPart.MLP, Sharding.SPLIT, Stage.LAYERS, true),
    MLP_DOWN(WeightPart.MLP, Sharding.SPLIT, Stage.LAYERS, true),
    EXPERT_GATE(WeightPart.EXPERTS, Sharding.SPLIT, Stage.LAYERS, true),
    EXPERT_UP(WeightPart.EXPERTS, Sharding.SPLIT, Stage.LAYERS, true),
    EXPERT_GATE_UP(WeightPart.EXPERTS, Sharding.SPLIT, Stage.LAYERS, true),
    EXPERT_DOWN(WeightPart.EXPERTS, Sharding.SPLIT, Stage.LAYERS, true),
    SHARED_EXPERT_GATE(WeightPart.EXPERTS, Sharding.SPLIT, Stage.LAYERS, true),
    SHARED_EXPERT_UP(WeightPart.EXPERTS, Sharding.SPLIT, Stage.LAYERS, true),
    SHARED_EXPERT_DOWN(WeightPart.EXPERTS, Sharding.SPLIT, Stage.LAYERS, true),
    /** An MoE router (gate) and its biases: small, replicated, kept in 16-bit. */
    ROUTER(WeightPart.EXPERTS, Sharding.REPLICATED, Stage.LAYERS, false),
    /** A norm inside a layer (including MLA's latent norms and the q/k norms of Qwen 3 and Gemma 3). */
    NORM(WeightPart.NORMS, Sharding.REPLICATED, Stage.LAYERS, false),
    /** The norm after the last layer. */
    FINAL_NORM(WeightPart.NORMS, Sharding.REPLICATED, Stage.LAST, false),
    OUTPUT_HEAD(WeightPart.OUTPUT_HEAD, Sharding.SPLIT, Stage.LAST, false),
    /** DeepSeek-V3's multi-token-prediction input projection ({@code eh_proj}). */
    MTP_PROJECTION(WeightPart.ATTENTION, Sharding.SPLIT, Stage.LAYERS, false),
    /**
     * A multimodal model's image encoder (patch embedding, positions, ViT layers, their norms).
     * vLLM shards the ViT's linears over the TP ranks like the decoder's; quantized multimodal
     * checkpoints keep the tower in 16-bit, so no weight-only format quantizes it.
     */
    VISION_ENCODER(WeightPart.VISION, Sharding.SPLIT, Stage.FIRST, false),
    /** The projector from the vision tower into the language model's embeddings: 16-bit like the tower. */
    VISION_PROJECTOR(WeightPart.VISION, Sharding.SPLIT, Stage.FIRST, false),
    /** A model known only by its parameter count: spread over the layers, every parameter in the format. */
    UNATTRIBUTED(WeightPart.UNATTRIBUTED, Sharding.SPLIT, Stage.LAYERS, true);

    /** How tensor parallelism divides a tensor among its ranks. */
    public enum Sharding {
        /** Every rank holds all of it. */
        REPLICATED,
        /** Each of the TP ranks holds 1/TP. */
        SPLIT,
        /** Split over the KV heads: min(TP, KV heads) shards, ranks beyond the KV heads hold copies. */
        SPLIT_BY_KV_HEADS
    }

    /** Which pipeline stage holds a tensor. */
    public enum Stage {
        /** The first stage (the embedding). */
        FIRST,
        /** Spread with the layers over all stages. */
        LAYERS,
        /** The last stage (final norm, output head). */
        LAST
    }

    private final WeightPart part;
    private final Sharding sharding;
    private final Stage stage;
    private final boolean linear;

    TensorRole(WeightPart part, Sharding sharding, Stage stage, boolean linear) {
        this.part = part;
        this.sharding = sharding;
        this.stage = stage;
        this.linear = linear;
    }

    /** Where its bytes are reported. */
    public WeightPart part() {
        return part;
    }

    public Sharding sharding() {
        return sharding;
    }

    public Stage stage() {
        return stage;
    }

    /**
     * A linear layer: its weight matrix is what weight-only quantization (GPTQ, AWQ, FP8, INT8,
     * bitsandbytes) stores quantized. Embeddings, output head, norms, routers, sinks
     * and vision towers stay 16-bit.
     */
    public boolean linear() {
        return linear;
    }
}
