package io.gpufit.model;

import static io.gpufit.model.TensorGroup.matrix;
import static io.gpufit.model.TensorGroup.vector;
import static io.gpufit.model.TensorRole.*;

import io.gpufit.model.DecoderConfig.RoutedExperts;
import java.util.ArrayList;
import java.util.List;

/**
 * The tensors of one decoder layer, added piece by piece under the names Llama-style checkpoints
 * use ({@code model.layers.*.self_attn}, {@code model.layers.*.mlp}). {@link Decoder} multiplies
 * them by the number of such layers.
 */
final class LayerBuilder {

    static final String ATTENTION = "model.layers.*.self_attn.";
    static final String MLP = "model.layers.*.mlp";

    private final long hidden;
    private final List<TensorGroup> groups;

    LayerBuilder(long hidden) {
        this(hidden, List.of());
    }

    private LayerBuilder(long hidden, List<TensorGroup> groups) {
        this.hidden = hidden;
        this.groups = new ArrayList<>(groups);
    }

    /** Rows of a fused q/k/v projection: the query heads plus a key and a value per KV head. */
    static long fusedQkvRows(AttentionShape a) {
        return (long) (a.heads() + 2 * a.kvHeads()) * a.headDim();
    }

    /** q/k/v/o projections, their biases where {@code bias} says, and per-head RMSNorms on q and k. */
    LayerBuilder attention(AttentionShape a, AttentionBias bias, boolean qkNorm) {
        long q = (long) a.heads() * a.headDim();
        long kv = (long) a.kvHeads() * a.headDim();
        add(
                matrix(ATTENTION_Q, ATTENTION + "q_proj.weight", q, hidden),
                matrix(ATTENTION_K, ATTENTION + "k_proj.weight", kv, hidden),
                matrix(ATTENTION_V, ATTENTION + "v_proj.weight", kv, hidden),
                matrix(ATTENTION_OUTPUT, ATTENTION + "o_proj.weight", hidden, q));
        if (bias.qkv()) {
            add(
                    vector(ATTENTION_Q, ATTENTION + "q_proj.bias", q, 1),
                    vector(ATTENTION_K, ATTENTION + "k_proj.bias", kv, 1),
                    vector(ATTENTION_V, ATTENTION + "v_proj.bias", kv, 1));
        }
        if (bias.output()) {
            add(vector(ATTENTION_OUTPUT, ATTENTION + "o_proj.bias", hidden, 1));
        }
        if (qkNorm) {
            add(
                    vector(NORM, ATTENTION + "q_norm.weight", a.headDim(), 1),
                    vector(NORM, ATTENTION + "k_norm.weight", a.headDim(), 1));
        }
        return this;
    }

    /** The layer's norms around attention and MLP, counted together. */
    LayerBuilder norms(int perLayer) {
        return add(vector(NORM, "model.layers.*.norms (" + perLayer + " per layer)", hidden, perLayer));
    }

    /** A dense gated MLP of width {@code inter}. */
    LayerBuilder mlp(long inter, boolean bias) {
        groups.addAll(gatedMlp(MLP, inter, bias));
        return this;
    }

    LayerBuilder router(String name, RoutedExperts experts) {
        return add(matrix(ROUTER, name, experts.count(), hidden));
    }

    /** Routed experts, each a gated MLP of width {@code inter} without biases. */
    LayerBuilder experts(String prefix, long inter, RoutedExperts experts) {
        for (TensorGroup g : gatedMlp(prefix, inter, false)) {
            groups.add(g.asExperts(routed(g.role()), experts.count(), experts.perToken()));
        }
        return this;
    }

    /** The MoE block as Qwen3-MoE and DeepSeek name it: router {@code mlp.gate}, experts {@code mlp.experts}. */
    LayerBuilder moe(long inter, RoutedExperts experts) {
        return router(MLP + ".gate.weight", experts).experts(MLP + ".experts.*", inter, experts);
    }

    /** Experts every token goes through, stored as one gated MLP of their summed width. */
    LayerBuilder sharedExperts(long inter) {
        return sharedExperts(MLP + ".shared_experts", inter);
    }

    /** A shared expert stored under {@code prefix} (Qwen2-MoE's {@code mlp.shared_expert}). */
    LayerBuilder sharedExperts(String prefix, long inter) {
        for (TensorGroup g : gatedMlp(prefix, inter, false)) {
            groups.add(g.as(shared(g.role())));
        }
        return this;
    }

    /** Tensors stored once per routed expert, keeping their role. */
    LayerBuilder perExpert(RoutedExperts experts, TensorGroup... tensors) {
        for (TensorGroup g : tensors) {
            groups.add(g.asExperts(g.role(), experts.count(), experts.perToken()));
        }
        return this;
    }

    LayerBuilder add(TensorGroup... tensors) {
        groups.addAll(List.of(tensors));
        return this;
    }

    /** A builder that starts with this layer's tensors, for layers that differ only after them. */
    LayerBuilder copy() {
        return new LayerBuilder(hidden, groups);
    }

    List<TensorGroup> groups() {
        return List.copyOf(groups);
    }

    /** gate and up project to {@code inter}, down projects back. */
    private List<TensorGroup> gatedMlp(String prefix, long inter, boolean bias) {
        List<TensorGroup> mlp = new ArrayList<>(List.of(
                matrix(MLP_GATE, prefix + ".gate_proj.weight", inter, hidden),
                matrix(MLP_UP, prefix + ".up_proj.weight", inter, hidden),
                matrix(MLP_DOWN, prefix + ".down_proj.weight", hidden, inter)));
        if (bias) {
            mlp.add(vector(MLP_GATE, prefix + ".gate_proj.bias", inter, 1));
            mlp.add(vector(MLP_UP, prefix + ".up_proj.bias", inter, 1));
            mlp.add(vector(MLP_DOWN, prefix + ".down_proj.bias", hidden, 1));
        }
        return mlp;
    }

    private static TensorRole routed(TensorRole mlpRole) {
        return switch (mlpRole) {
            case MLP_GATE -> EXPERT_GATE;
            case MLP_UP -> EXPERT_UP;
            default -> EXPERT_DOWN;
        };
    }

    private static TensorRole shared(TensorRole mlpRole) {
        return switch (mlpRole) {
            case MLP_GATE -> SHARED_EXPERT_GATE;
            case MLP_UP -> SHARED_EXPERT_UP;
            default -> SHARED_EXPERT_DOWN;
        };
    }

    /** Which attention projections carry a bias: Qwen 2 biases q, k and v but not o. */
    record AttentionBias(boolean qkv, boolean output) {

        static final AttentionBias NONE = new AttentionBias(false, false);
        static final AttentionBias ALL = new AttentionBias(true, true);
        static final AttentionBias QKV_ONLY = new AttentionBias(true, false);

        /** LlamaConfig's {@code attention_bias}: one flag for q, k, v and o. */
        static AttentionBias all(boolean bias) {
            return bias ? ALL : NONE;
        }
    }
}
