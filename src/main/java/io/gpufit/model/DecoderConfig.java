package io.gpufit.model;

import static io.gpufit.model.ModelConfigReader.MAX_EXPERTS;
import static io.gpufit.model.ModelConfigReader.MAX_HEADS;
import static io.gpufit.model.ModelConfigReader.MAX_HEAD_DIM;
import static io.gpufit.model.ModelConfigReader.MAX_HIDDEN;
import static io.gpufit.model.ModelConfigReader.MAX_INTERMEDIATE;
import static io.gpufit.model.ModelConfigReader.MAX_LAYERS;
import static io.gpufit.model.ModelConfigReader.MAX_VOCAB;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * The sizes every decoder config has (hidden size, layers, vocabulary) and the fields several
 * families read alike. A config with several faults is reported at the first field read, so
 * readers keep the order in which they read fields.
 */
final class DecoderConfig {

    final ConfigFields fields;
    final int hidden;
    final int layers;
    final int vocab;

    DecoderConfig(ConfigFields fields) {
        this.fields = fields;
        this.hidden = fields.positive(MAX_HIDDEN, "hidden_size", "n_embd", "d_model");
        this.layers = fields.positive(MAX_LAYERS, "num_hidden_layers", "n_layer", "num_layers");
        this.vocab = fields.positive(MAX_VOCAB, "vocab_size");
    }

    int heads() {
        return fields.positive(MAX_HEADS, "num_attention_heads", "n_head");
    }

    /** Query heads, {@code num_key_value_heads} (all heads when absent) and {@code head_dim}. */
    AttentionShape attention() {
        int heads = heads();
        int kv = kvHeads("num_key_value_heads", fields.optional("num_key_value_heads", 1, MAX_HEADS, heads), heads);
        Integer headDim = fields.optional("head_dim", 1, MAX_HEAD_DIM);
        return AttentionShape.of(
                heads, kv, headDim != null ? headDim : hiddenPerHead(heads, " when head_dim is not given"));
    }

    /** {@code kv}, read from {@code field}, once it is known to split the heads into equal groups. */
    int kvHeads(String field, int kv, int heads) {
        if (kv > heads || heads % kv != 0) {
            throw new InvalidModelConfigException(
                    fields.path(field), kv, "must divide num_attention_heads (" + heads + ")");
        }
        return kv;
    }

    /** hidden_size / heads; {@code condition} ends the error when the heads do not divide it. */
    int hiddenPerHead(int heads, String condition) {
        if (hidden % heads != 0) {
            throw new InvalidModelConfigException(
                    fields.path("num_attention_heads"), heads, "must divide hidden_size (" + hidden + ")" + condition);
        }
        return hidden / heads;
    }

    boolean tied(boolean fallback) {
        return fields.flag("tie_word_embeddings", fallback);
    }

    int intermediateSize() {
        return fields.positive(MAX_INTERMEDIATE, "intermediate_size");
    }

    /** The routed experts, counted by the first of {@code names} present, and the top-k a token goes to. */
    RoutedExperts routedExperts(String... names) {
        int experts = fields.positive(MAX_EXPERTS, names);
        return new RoutedExperts(experts, expertsPerToken(experts));
    }

    int expertsPerToken(int experts) {
        int perToken = fields.positive(MAX_EXPERTS, "num_experts_per_tok", "experts_per_token");
        if (perToken > experts) {
            throw new InvalidModelConfigException(
                    fields.path("num_experts_per_tok"),
                    perToken,
                    "must not exceed the number of experts (" + experts + ")");
        }
        return perToken;
    }

    /** The layers (0-based) that {@code selected} picks, e.g. those holding experts. */
    int countLayers(IntPredicate selected) {
        int count = 0;
        for (int layer = 0; layer < layers; layer++) {
            if (selected.test(layer)) {
                count++;
            }
        }
        return count;
    }

    /** An empty layer of this width, to build up. */
    LayerBuilder layer() {
        return new LayerBuilder(hidden);
    }

    SlidingWindows windows() {
        return new SlidingWindows(fields, layers);
    }

    /** The skeleton to put this config's tensors in, reported as {@code modelType}. */
    Decoder decoder(String modelType, List<String> notes) {
        return new Decoder(this, modelType, notes);
    }

    /** Routed experts of an MoE layer: how many, and how many of them each token is sent to. */
    record RoutedExperts(int count, int perToken) {}
}
