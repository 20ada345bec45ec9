package io.gpufit.model;

import static io.gpufit.model.ModelConfigReader.MAX_EXPERTS;
import static io.gpufit.model.ModelConfigReader.MAX_HEAD_DIM;
import static io.gpufit.model.ModelConfigReader.MAX_HIDDEN;
import static io.gpufit.model.ModelConfigReader.MAX_INTERMEDIATE;
import static io.gpufit.model.ModelConfigReader.MAX_LAYERS;
import static io.gpufit.model.TensorGroup.matrix;
import static io.gpufit.model.TensorGroup.vector;
import static io.gpufit.model.TensorRole.*;

import io.gpufit.model.DecoderConfig.RoutedExperts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * DeepSeek-V2 and V3 ({@code models/deepseek_v2/modeling_deepseek_v2.py},
 * {@code models/deepseek_v3/modeling_deepseek_v3.py}): multi-head latent attention, which caches
 * one latent of {@code kv_lora_rank} plus the rotary key per layer and token instead of K and V,
 * and compresses queries too unless {@code q_lora_rank} is null (V2-Lite). The first
 * {@code first_k_dense_replace} layers keep a dense MLP; after them every {@code moe_layer_freq}-th
 * layer has routed experts plus shared ones (V3's router adds a score-correction bias). V3's
 * multi-token-prediction module is counted apart, as engines load it only for speculative decoding.
 */
final class DeepSeekReader implements FamilyReader {

    private static final String ATTENTION = LayerBuilder.ATTENTION;

    /** The sizes of multi-head latent attention; {@code qLora} is null when queries are not compressed. */
    private record Mla(int heads, Integer qLora, int kvLora, int rope, int nope, int vHead) {

        int qkHead() {
            return nope + rope;
        }
    }

    /** The MoE layers: {@code experts} is null when the model has none. */
    private record Moe(
            RoutedExperts experts, int width, int shared, int firstDense, int frequency, boolean scoreBias) {}

    @Override
    public Set<String> modelTypes() {
        return Set.of("deepseek_v2", "deepseek_v3");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        DecoderConfig c = new DecoderConfig(config);
        Mla mla = new Mla(
                c.heads(),
                config.optional("q_lora_rank", 1, MAX_HIDDEN),
                config.positive(MAX_HIDDEN, "kv_lora_rank"),
                config.positive(MAX_HEAD_DIM, "qk_rope_head_dim"),
                config.positive(MAX_HEAD_DIM, "qk_nope_head_dim"),
                config.positive(MAX_HEAD_DIM, "v_head_dim"));
        int denseWidth = c.intermediateSize();
        Moe moe = moe(c);
        LayerBuilder attention = attention(c, mla, config.flag("attention_bias", false));
        boolean tied = c.tied(false);

        List<TensorGroup> dense = attention.copy().mlp(denseWidth, false).groups();
        List<TensorGroup> sparse = moeLayer(attention, moe);
        int moeLayers = moe.experts() == null
                ? 0
                : c.countLayers(layer -> layer >= moe.firstDense() && layer % moe.frequency() == 0);
        Decoder decoder = c.decoder(modelType, notes)
                .latentAttention(mla.heads(), mla.qkHead(), new MlaShape(mla.kvLora(), mla.rope()))
                .tied(tied)
                .experts(moe.experts(), moe.shared())
                .layers(dense, c.layers - moeLayers)
                .layers(sparse, moeLayers);
        int modules = config.optional("num_nextn_predict_layers", 0, MAX_LAYERS, 0);
        if (modules > 0) {
            decoder.extraModule(
                    "multi-token prediction (" + modules + " layer" + (modules > 1 ? "s" : "") + ")",
                    multiTokenPrediction(c, moe.experts() == null ? dense : sparse, modules));
        }
        return decoder.build();
    }

    private static Moe moe(DecoderConfig c) {
        ConfigFields f = c.fields;
        Integer routed = f.optional("n_routed_experts", 1, MAX_EXPERTS);
        RoutedExperts experts = routed == null ? null : new RoutedExperts(routed, c.expertsPerToken(routed));
        int width = experts == null ? 0 : f.positive(MAX_INTERMEDIATE, "moe_intermediate_size");
        return new Moe(
                experts,
                width,
                f.optional("n_shared_experts", 0, MAX_EXPERTS, 0),
                f.optional("first_k_dense_replace", 0, MAX_LAYERS, 0),
                f.optional("moe_layer_freq", 1, MAX_LAYERS, 1),
                f.text("topk_method").map("noaux_tc"::equals).orElse(false));
    }

    private static LayerBuilder attention(DecoderConfig c, Mla mla, boolean outputBias) {
        long queries = (long) mla.heads() * mla.qkHead();
        LayerBuilder layer = c.layer();
        if (mla.qLora() == null) {
            layer.add(matrix(ATTENTION_Q, ATTENTION + "q_proj.weight", queries, c.hidden));
        } else {
            layer.add(
                    matrix(MLA_Q_DOWN, ATTENTION + "q_a_proj.weight", mla.qLora(), c.hidden),
                    vector(NORM, ATTENTION + "q_a_layernorm.weight", mla.qLora(), 1),
                    matrix(MLA_Q_UP, ATTENTION + "q_b_proj.weight", queries, mla.qLora()));
        }
        layer.add(
                matrix(MLA_KV_DOWN, ATTENTION + "kv_a_proj_with_mqa.weight", mla.kvLora() + mla.rope(), c.hidden),
                vector(NORM, ATTENTION + "kv_a_layernorm.weight", mla.kvLora(), 1),
                matrix(
                        MLA_KV_UP,
                        ATTENTION + "kv_b_proj.weight",
                        (long) mla.heads() * (mla.nope() + mla.vHead()),
                        mla.kvLora()),
                matrix(ATTENTION_OUTPUT, ATTENTION + "o_proj.weight", c.hidden, (long) mla.heads() * mla.vHead()));
        if (outputBias) {
            layer.add(vector(ATTENTION_OUTPUT, ATTENTION + "o_proj.bias", c.hidden, 1));
        }
        return layer.norms(2);
    }

    private static List<TensorGroup> moeLayer(LayerBuilder attention, Moe moe) {
        LayerBuilder layer = attention.copy();
        RoutedExperts experts = moe.experts();
        if (experts == null) {
            return layer.groups();
        }
        layer.router(LayerBuilder.MLP + ".gate.weight", experts);
        if (moe.scoreBias()) {
            layer.add(vector(ROUTER, LayerBuilder.MLP + ".gate.e_score_correction_bias", experts.count(), 1));
        }
        layer.experts(LayerBuilder.MLP + ".experts.*", moe.width(), experts);
        if (moe.shared() > 0) {
            layer.sharedExperts((long) moe.width() * moe.shared());
        }
        return layer.groups();
    }

    /**
     * Multi-token prediction (DeepSeek-V3 technical report, section 2.2): per module its own
     * embedding and output head copies, two RMSNorms, a projection from 2 x hidden, and one more
     * decoder layer, stored as {@code model.layers.<num_hidden_layers + i>}.
     */
    private static List<TensorGroup> multiTokenPrediction(DecoderConfig c, List<TensorGroup> layer, int modules) {
        String m = "model.layers.mtp.";
        List<TensorGroup> module = new ArrayList<>(List.of(
                matrix(EMBEDDING, m + "embed_tokens.weight", c.vocab, c.hidden),
                vector(NORM, m + "enorm.weight", c.hidden, 1),
                vector(NORM, m + "hnorm.weight", c.hidden, 1),
                matrix(MTP_PROJECTION, m + "eh_proj.weight", c.hidden, 2L * c.hidden),
                vector(NORM, m + "shared_head.norm.weight", c.hidden, 1),
                matrix(OUTPUT_HEAD, m + "shared_head.head.weight", c.vocab, c.hidden)));
        module.addAll(layer);
        return module.stream().map(g -> g.times(modules)).toList();
    }
}
