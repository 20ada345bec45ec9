package io.gpufit.model;

import io.gpufit.model.LayerBuilder.AttentionBias;
import java.util.List;
import java.util.function.Function;

/**
 * What the Llama-style families (Llama, Mistral, Mixtral, Qwen, Gemma) read alike, in this order:
 * the sizes, the attention heads, {@code tie_word_embeddings}, the attention biases and
 * {@code mlp_bias}; and the layer that starts with that attention.
 *
 * @param mlpBias {@code mlp_bias}; read for every such family, though only dense MLPs use it
 */
record LlamaStyle(DecoderConfig config, AttentionShape attention, boolean tied, AttentionBias bias, boolean mlpBias) {

    /** With LlamaConfig's {@code attention_bias}: a bias on q, k, v and o, or on none. */
    static LlamaStyle read(ConfigFields fields, boolean tiedByDefault) {
        return read(fields, tiedByDefault, c -> AttentionBias.all(c.fields.flag("attention_bias", false)));
    }

    /** With the attention biases as {@code bias} decides (a family with fixed biases reads nothing). */
    static LlamaStyle read(ConfigFields fields, boolean tiedByDefault, Function<DecoderConfig, AttentionBias> bias) {
        DecoderConfig config = new DecoderConfig(fields);
        AttentionShape attention = config.attention();
        boolean tied = config.tied(tiedByDefault);
        AttentionBias attentionBias = bias.apply(config);
        return new LlamaStyle(config, attention, tied, attentionBias, fields.flag("mlp_bias", false));
    }

    /** q/k/v/o attention (with q/k norms when {@code qkNorm}) and the layer's norms; the MLP or MoE follows. */
    LayerBuilder layer(boolean qkNorm, int norms) {
        return config.layer().attention(attention, bias, qkNorm).norms(norms);
    }

    /** The skeleton with this attention and head. */
    Decoder decoder(String modelType, List<String> notes) {
        return config.decoder(modelType, notes).attention(attention).tied(tied);
    }

    /** Every layer {@code layer} plus a dense gated MLP of {@code intermediate_size}. */
    Decoder dense(LayerBuilder layer, String modelType, List<String> notes) {
        return decoder(modelType, notes)
                .layers(layer.mlp(config.intermediateSize(), mlpBias).groups(), config.layers);
    }
}
