package io.gpufit.model;

import static io.gpufit.model.ModelConfigReader.MAX_HEADS;
import static io.gpufit.model.ModelConfigReader.MAX_INTERMEDIATE;
import static io.gpufit.model.TensorGroup.matrix;
import static io.gpufit.model.TensorGroup.vector;
import static io.gpufit.model.TensorRole.ATTENTION_OUTPUT;
import static io.gpufit.model.TensorRole.ATTENTION_QKV;
import static io.gpufit.model.TensorRole.MLP_DOWN;
import static io.gpufit.model.TensorRole.MLP_UP;
import static io.gpufit.model.TensorRole.NORM;

import java.util.List;
import java.util.Set;

/**
 * Falcon ({@code models/falcon/modeling_falcon.py}), also under its first names RefinedWeb and
 * RefinedWebModel: a fused {@code query_key_value}, an ungated MLP of {@code ffn_hidden_size}
 * (4 x hidden), LayerNorms with weight and bias, embeddings tied by default, and {@code bias} for
 * every linear layer. KV heads: {@code num_kv_heads} with the new decoder architecture (40B), one
 * with {@code multi_query} (7B), else one per head. llama.cpp has rules of its own for Falcon.
 */
final class FalconReader implements FamilyReader {

    private static final String LAYER = "transformer.h.*.";

    @Override
    public Set<String> modelTypes() {
        return Set.of("falcon");
    }

    @Override
    public Set<String> aliases() {
        return Set.of("refinedweb", "refinedwebmodel");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        DecoderConfig c = new DecoderConfig(config);
        int heads = c.heads();
        boolean newArchitecture = config.flag("new_decoder_architecture", false);
        int kv = newArchitecture
                ? config.optional("num_kv_heads", 1, MAX_HEADS, heads)
                : config.flag("multi_query", true) ? 1 : heads;
        AttentionShape attention =
                AttentionShape.of(heads, c.kvHeads("num_kv_heads", kv, heads), c.hiddenPerHead(heads, ""));
        boolean bias = config.flag("bias", false);
        int ffn = config.optional("ffn_hidden_size", 1, MAX_INTERMEDIATE, 4 * c.hidden);
        boolean tied = c.tied(true);
        // The new architecture normalizes attention and MLP input apart (ln_attn, ln_mlp); parallel
        // attention shares one input_layernorm; sequential layers add a post-attention one.
        int layerNorms = newArchitecture
                ? config.optional("num_ln_in_parallel_attn", 1, 2, 2)
                : config.flag("parallel_attn", true) ? 1 : 2;
        return c.decoder("falcon", notes)
                .attention(attention)
                .tied(tied)
                .embedding("transformer.word_embeddings.weight")
                .layers(layer(c, attention, ffn, layerNorms, bias), c.layers)
                .finalNorm("transformer.ln_f (weight and bias)", 2)
                .llamaCpp(new LlamaCppClass(true, false))
                .build();
    }

    private static List<TensorGroup> layer(
            DecoderConfig c, AttentionShape attention, int ffn, int layerNorms, boolean bias) {
        long qkv = LayerBuilder.fusedQkvRows(attention);
        LayerBuilder layer = c.layer()
                .add(
                        matrix(ATTENTION_QKV, LAYER + "self_attention.query_key_value.weight", qkv, c.hidden),
                        matrix(ATTENTION_OUTPUT, LAYER + "self_attention.dense.weight", c.hidden, c.hidden),
                        matrix(MLP_UP, LAYER + "mlp.dense_h_to_4h.weight", ffn, c.hidden),
                        matrix(MLP_DOWN, LAYER + "mlp.dense_4h_to_h.weight", c.hidden, ffn),
                        vector(NORM, LAYER + "layernorms (weight and bias)", c.hidden, 2L * layerNorms));
        if (bias) {
            layer.add(
                    vector(ATTENTION_QKV, LAYER + "self_attention.query_key_value.bias", qkv, 1),
                    vector(ATTENTION_OUTPUT, LAYER + "self_attention.dense.bias", c.hidden, 1),
                    vector(MLP_UP, LAYER + "mlp.dense_h_to_4h.bias", ffn, 1),
                    vector(MLP_DOWN, LAYER + "mlp.dense_4h_to_h.bias", c.hidden, 1));
        }
        return layer.groups();
    }
}
