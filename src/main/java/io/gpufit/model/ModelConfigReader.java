package io.gpufit.model;

import static io.gpufit.model.TensorGroup.matrix;
import static io.gpufit.model.TensorGroup.vector;
import static io.gpufit.model.TensorRole.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a Hugging Face {@code config.json} into a {@link ModelArchitecture}: the shape, the KV cache
 * layout and the exact tensor inventory. Each family's layout follows its modeling file in
 * Hugging Face transformers ({@code models/<family>/modeling_<family>.py}); the counts match the
 * published safetensors totals (see ModelConfigReaderTest).
 */
public final class ModelConfigReader {

    /** Families counted from their own layout; anything else is read as a generic decoder. */
    public static final Set<String> FAMILIES = Set.of("llama", "mistral", "mixtral", "qwen2", "qwen3", "qwen3_moe",
            "gemma2", "gemma3", "gemma3_text", "phi3", "deepseek_v2", "deepseek_v3", "gpt_oss", "falcon");

    static final int MAX_HIDDEN = 1 << 20;
    static final int MAX_LAYERS = 10_000;
    static final int MAX_HEADS = 65_536;
    static final int MAX_HEAD_DIM = 65_536;
    static final int MAX_VOCAB = 10_000_000;
    static final int MAX_INTERMEDIATE = 1 << 24;
    static final int MAX_EXPERTS = 65_536;
    static final int MAX_WINDOW = 1 << 30;

    /** Gemma3TextConfig's defaults (transformers models/gemma3/configuration_gemma3.py) that the 27B config omits. */
    private static final java.util.Map<String, Integer> GEMMA3_TEXT_DEFAULTS = java.util.Map.of(
            "vocab_size", 262_208, "max_position_embeddings", 131_072);

    private ModelConfigReader() {
    }

    /**
     * @param config the {@code config.json} object
     * @param path   where it sits in the request, for error messages (e.g. {@code modelConfig})
     * @throws InvalidModelConfigException naming the field when the config cannot be counted
     */
    public static ModelArchitecture read(JsonNode config, String path) {
        try {
            return readChecked(config, path);
        } catch (ArithmeticException overflow) {
            throw new InvalidModelConfigException(path, null, "sizes too large: the parameter count would exceed "
                    + "9,223,372,036,854,775,807");
        }
    }

    private static ModelArchitecture readChecked(JsonNode config, String path) {
        if (config == null || !config.isObject()) {
            throw new InvalidModelConfigException(path, config == null ? null : config.toString(),
                    "must be a config.json object");
        }
        ConfigFields fields = new ConfigFields(config, path);
        String modelType = fields.text("model_type").map(t -> t.toLowerCase(Locale.ROOT)).orElse("");
        List<String> notes = new ArrayList<>();
        if (modelType.equals("gemma3") && fields.has("text_config")) {
            // The multimodal Gemma 3 config nests the language model, leaving Gemma3TextConfig's
            // defaults unsaid; its vision tower is not counted.
            notes.add("gemma3: the language model (text_config) is counted; the vision tower is not");
            ObjectNode text = (ObjectNode) fields.object("text_config").node().deepCopy();
            text.put("model_type", "gemma3_text");
            GEMMA3_TEXT_DEFAULTS.forEach((key, value) -> {
                if (!text.has(key)) {
                    text.put(key, value);
                }
            });
            for (String inherited : List.of("_name_or_path", "torch_dtype", "quantization_config")) {
                if (config.has(inherited) && !text.has(inherited)) {
                    text.set(inherited, config.get(inherited));
                }
            }
            fields = new ConfigFields(text, path + ".text_config");
            modelType = "gemma3_text";
        }
        if (modelType.equals("refinedweb") || modelType.equals("refinedwebmodel")) {
            modelType = "falcon";
        }
        Family family = new Family(fields, modelType, notes);
        ModelArchitecture architecture = switch (modelType) {
            case "deepseek_v2", "deepseek_v3" -> family.deepseek();
            case "falcon" -> family.falcon();
            case "phi3" -> family.phi3();
            case "gpt_oss" -> family.gptOss();
            default -> {
                if (!FAMILIES.contains(modelType)) {
                    notes.add("model_type '" + (modelType.isEmpty() ? "(missing)" : modelType)
                            + "' is not a known family: counted as a generic decoder (embeddings, q/k/v/o "
                            + "attention, gated MLP, two norms per layer); check the parameter count");
                }
                yield family.decoder();
            }
        };
        return fields.text("_name_or_path").map(architecture::withModelId).orElse(architecture);
    }

    /** The per-family readers, sharing the fields every decoder has. */
    private static final class Family {

        private final ConfigFields f;
        private final String modelType;
        private final List<String> notes;
        private final int hidden;
        private final int layers;
        private final int vocab;

        Family(ConfigFields f, String modelType, List<String> notes) {
            this.f = f;
            this.modelType = modelType;
            this.notes = notes;
            this.hidden = f.positive(MAX_HIDDEN, "hidden_size", "n_embd", "d_model");
            this.layers = f.positive(MAX_LAYERS, "num_hidden_layers", "n_layer", "num_layers");
            this.vocab = f.positive(MAX_VOCAB, "vocab_size");
        }

        private int heads() {
            return f.positive(MAX_HEADS, "num_attention_heads", "n_head");
        }

        private int kvHeads(int heads) {
            int kv = f.optional("num_key_value_heads", 1, MAX_HEADS, heads);
            if (kv > heads || heads % kv != 0) {
                throw new InvalidModelConfigException(f.path("num_key_value_heads"), kv,
                        "must divide num_attention_heads (" + heads + ")");
            }
            return kv;
        }

        private int headDim(int heads) {
            Integer explicit = f.optional("head_dim", 1, MAX_HEAD_DIM);
            if (explicit != null) {
                return explicit;
            }
            if (hidden % heads != 0) {
                throw new InvalidModelConfigException(f.path("num_attention_heads"), heads,
                        "must divide hidden_size (" + hidden + ") when head_dim is not given");
            }
            return hidden / heads;
        }

        private boolean tied(boolean fallback) {
            return f.flag("tie_word_embeddings", fallback);
        }

        /** Llama-style decoders: llama, mistral, mixtral, qwen2/3, qwen3_moe, gemma2/3, and the fallback. */
        ModelArchitecture decoder() {
            int heads = heads();
            int kv = kvHeads(heads);
            int hd = headDim(heads);
            boolean gemma = modelType.startsWith("gemma");
            boolean qwen = modelType.startsWith("qwen");
            boolean tied = tied(gemma);
            boolean qkvBias = modelType.equals("qwen2") || f.flag("attention_bias", false);
            boolean oBias = !modelType.equals("qwen2") && f.flag("attention_bias", false);
            boolean qkNorm = modelType.equals("qwen3") || modelType.equals("qwen3_moe")
                    || modelType.equals("gemma3_text");
            boolean mlpBias = f.flag("mlp_bias", false);
            int normsPerLayer = gemma ? 4 : 2;

            Inventory inv = new Inventory();
            inv.add(matrix(EMBEDDING, "model.embed_tokens.weight", vocab, hidden));
            List<TensorGroup> layer = new ArrayList<>(attention(heads, kv, hd, qkvBias, oBias, qkNorm));
            layer.add(vector(NORM, "model.layers.*.norms (" + normsPerLayer + " per layer)", hidden, normsPerLayer));

            int moeLayers = 0;
            int experts = 0;
            int perToken = 0;
            if (modelType.equals("mixtral")) {
                experts = f.positive(MAX_EXPERTS, "num_local_experts");
                perToken = expertsPerToken(experts);
                int inter = f.positive(MAX_INTERMEDIATE, "intermediate_size");
                layer.add(matrix(ROUTER, "model.layers.*.block_sparse_moe.gate.weight", experts, hidden));
                layer.addAll(experts("model.layers.*.block_sparse_moe.experts.*", inter, experts, perToken, false));
                moeLayers = layers;
                inv.addPerLayer(layer, layers);
            } else if (modelType.equals("qwen3_moe")) {
                experts = f.positive(MAX_EXPERTS, "num_experts");
                perToken = expertsPerToken(experts);
                int moeInter = f.positive(MAX_INTERMEDIATE, "moe_intermediate_size");
                int step = f.optional("decoder_sparse_step", 1, MAX_LAYERS, 1);
                List<Integer> denseOnly = f.integers("mlp_only_layers", 0, MAX_LAYERS);
                for (int i = 0; i < layers; i++) {
                    if (!denseOnly.contains(i) && (i + 1) % step == 0) {
                        moeLayers++;
                    }
                }
                List<TensorGroup> moe = new ArrayList<>(layer);
                moe.add(matrix(ROUTER, "model.layers.*.mlp.gate.weight", experts, hidden));
                moe.addAll(experts("model.layers.*.mlp.experts.*", moeInter, experts, perToken, false));
                inv.addPerLayer(moe, moeLayers);
                if (moeLayers < layers) {
                    List<TensorGroup> dense = new ArrayList<>(layer);
                    dense.addAll(mlp("model.layers.*.mlp", f.positive(MAX_INTERMEDIATE, "intermediate_size"), false));
                    inv.addPerLayer(dense, layers - moeLayers);
                }
            } else {
                layer.addAll(mlp("model.layers.*.mlp", f.positive(MAX_INTERMEDIATE, "intermediate_size"), mlpBias));
                inv.addPerLayer(layer, layers);
            }
            inv.add(vector(FINAL_NORM, "model.norm.weight", hidden, 1));
            if (!tied) {
                inv.add(matrix(OUTPUT_HEAD, "lm_head.weight", vocab, hidden));
            }
            List<Integer> windows = gemma ? gemmaWindows() : qwen ? qwenWindows() : uniformWindows();
            return build(heads, kv, hd, tied, AttentionType.fromHeads(heads, kv), windows, 2L * kv, hd,
                    0, 0, experts, perToken, 0, inv.done());
        }

        /** Phi-3: fused qkv and gate/up projections. */
        ModelArchitecture phi3() {
            int heads = heads();
            int kv = kvHeads(heads);
            int hd = headDim(heads);
            int inter = f.positive(MAX_INTERMEDIATE, "intermediate_size");
            boolean tied = tied(false);
            Inventory inv = new Inventory();
            inv.add(matrix(EMBEDDING, "model.embed_tokens.weight", vocab, hidden));
            inv.addPerLayer(List.of(
                    matrix(ATTENTION_QKV, "model.layers.*.self_attn.qkv_proj.weight", (long) (heads + 2 * kv) * hd, hidden),
                    matrix(ATTENTION_OUTPUT, "model.layers.*.self_attn.o_proj.weight", hidden, (long) heads * hd),
                    matrix(MLP_GATE_UP, "model.layers.*.mlp.gate_up_proj.weight", 2L * inter, hidden),
                    matrix(MLP_DOWN, "model.layers.*.mlp.down_proj.weight", hidden, inter),
                    vector(NORM, "model.layers.*.norms (2 per layer)", hidden, 2)), layers);
            inv.add(vector(FINAL_NORM, "model.norm.weight", hidden, 1));
            if (!tied) {
                inv.add(matrix(OUTPUT_HEAD, "lm_head.weight", vocab, hidden));
            }
            return build(heads, kv, hd, tied, AttentionType.fromHeads(heads, kv), uniformWindows(), 2L * kv, hd,
                    0, 0, 0, 0, 0, inv.done());
        }

        /**
         * Falcon: fused query_key_value, LayerNorms with bias, multi-query attention. KV heads:
         * {@code num_kv_heads} with the new decoder architecture, 1 with {@code multi_query}, else all.
         */
        ModelArchitecture falcon() {
            int heads = heads();
            boolean newArch = f.flag("new_decoder_architecture", false);
            int kv = newArch ? f.optional("num_kv_heads", 1, MAX_HEADS, heads)
                    : f.flag("multi_query", true) ? 1 : heads;
            if (kv > heads || heads % kv != 0) {
                throw new InvalidModelConfigException(f.path("num_kv_heads"), kv,
                        "must divide num_attention_heads (" + heads + ")");
            }
            if (hidden % heads != 0) {
                throw new InvalidModelConfigException(f.path("num_attention_heads"), heads,
                        "must divide hidden_size (" + hidden + ")");
            }
            int hd = hidden / heads;
            boolean bias = f.flag("bias", false);
            int ffn = f.optional("ffn_hidden_size", 1, MAX_INTERMEDIATE, 4 * hidden);
            boolean tied = tied(true);
            // LayerNorm: weight and bias. New architecture: ln_attn and ln_mlp; parallel attention:
            // one input_layernorm; sequential: input and post-attention.
            int layerNorms = newArch ? f.optional("num_ln_in_parallel_attn", 1, 2, 2)
                    : f.flag("parallel_attn", true) ? 1 : 2;
            List<TensorGroup> layer = new ArrayList<>(List.of(
                    matrix(ATTENTION_QKV, "transformer.h.*.self_attention.query_key_value.weight",
                            (long) (heads + 2 * kv) * hd, hidden),
                    matrix(ATTENTION_OUTPUT, "transformer.h.*.self_attention.dense.weight", hidden, hidden),
                    matrix(MLP_UP, "transformer.h.*.mlp.dense_h_to_4h.weight", ffn, hidden),
                    matrix(MLP_DOWN, "transformer.h.*.mlp.dense_4h_to_h.weight", hidden, ffn),
                    vector(NORM, "transformer.h.*.layernorms (weight and bias)", hidden, 2L * layerNorms)));
            if (bias) {
                layer.add(vector(ATTENTION_QKV, "transformer.h.*.self_attention.query_key_value.bias",
                        (long) (heads + 2 * kv) * hd, 1));
                layer.add(vector(ATTENTION_OUTPUT, "transformer.h.*.self_attention.dense.bias", hidden, 1));
                layer.add(vector(MLP_UP, "transformer.h.*.mlp.dense_h_to_4h.bias", ffn, 1));
                layer.add(vector(MLP_DOWN, "transformer.h.*.mlp.dense_4h_to_h.bias", hidden, 1));
            }
            Inventory inv = new Inventory();
            inv.add(matrix(EMBEDDING, "transformer.word_embeddings.weight", vocab, hidden));
            inv.addPerLayer(layer, layers);
            inv.add(vector(FINAL_NORM, "transformer.ln_f (weight and bias)", hidden, 2));
            if (!tied) {
                inv.add(matrix(OUTPUT_HEAD, "lm_head.weight", vocab, hidden));
            }
            return build(heads, kv, hd, tied, AttentionType.fromHeads(heads, kv), uniformWindows(), 2L * kv, hd,
                    0, 0, 0, 0, 0, inv.done());
        }

        /** gpt-oss: biased attention with sinks, a biased router, fused gate/up experts with biases. */
        ModelArchitecture gptOss() {
            int heads = heads();
            int kv = kvHeads(heads);
            int hd = headDim(heads);
            int experts = f.positive(MAX_EXPERTS, "num_local_experts", "num_experts");
            int perToken = expertsPerToken(experts);
            int inter = f.positive(MAX_INTERMEDIATE, "intermediate_size");
            boolean tied = tied(false);
            List<TensorGroup> layer = new ArrayList<>(attention(heads, kv, hd, true, true, false));
            layer.add(vector(ATTENTION_SINK, "model.layers.*.self_attn.sinks", heads, 1));
            layer.add(matrix(ROUTER, "model.layers.*.mlp.router.weight", experts, hidden));
            layer.add(vector(ROUTER, "model.layers.*.mlp.router.bias", experts, 1));
            layer.add(new TensorGroup(EXPERT_GATE_UP, "model.layers.*.mlp.experts.gate_up_proj", true, 2L * inter, hidden,
                    experts, perToken));
            layer.add(new TensorGroup(EXPERT_GATE_UP, "model.layers.*.mlp.experts.gate_up_proj_bias", false, 2L * inter, 1,
                    experts, perToken));
            layer.add(new TensorGroup(EXPERT_DOWN, "model.layers.*.mlp.experts.down_proj", true, hidden, inter,
                    experts, perToken));
            layer.add(new TensorGroup(EXPERT_DOWN, "model.layers.*.mlp.experts.down_proj_bias", false, hidden, 1,
                    experts, perToken));
            layer.add(vector(NORM, "model.layers.*.norms (2 per layer)", hidden, 2));
            Inventory inv = new Inventory();
            inv.add(matrix(EMBEDDING, "model.embed_tokens.weight", vocab, hidden));
            inv.addPerLayer(layer, layers);
            inv.add(vector(FINAL_NORM, "model.norm.weight", hidden, 1));
            if (!tied) {
                inv.add(matrix(OUTPUT_HEAD, "lm_head.weight", vocab, hidden));
            }
            List<Integer> windows = layerTypeWindows(i -> i % 2 == 0);
            return build(heads, kv, hd, tied, AttentionType.fromHeads(heads, kv), windows, 2L * kv, hd,
                    0, 0, experts, perToken, 0, inv.done());
        }

        /**
         * DeepSeek V2/V3: multi-head latent attention (q and kv LoRA ranks), dense layers before
         * {@code first_k_dense_replace}, then routed plus shared experts; V3's multi-token-prediction
         * layers are counted apart.
         */
        ModelArchitecture deepseek() {
            int heads = heads();
            Integer qLora = f.optional("q_lora_rank", 1, MAX_HIDDEN);
            int kvLora = f.positive(MAX_HIDDEN, "kv_lora_rank");
            int rope = f.positive(MAX_HEAD_DIM, "qk_rope_head_dim");
            int nope = f.positive(MAX_HEAD_DIM, "qk_nope_head_dim");
            int vHead = f.positive(MAX_HEAD_DIM, "v_head_dim");
            int inter = f.positive(MAX_INTERMEDIATE, "intermediate_size");
            int experts = f.optional("n_routed_experts", 1, MAX_EXPERTS, 0);
            int perToken = experts == 0 ? 0 : expertsPerToken(experts);
            int moeInter = experts == 0 ? 0 : f.positive(MAX_INTERMEDIATE, "moe_intermediate_size");
            int shared = f.optional("n_shared_experts", 0, MAX_EXPERTS, 0);
            int firstDense = f.optional("first_k_dense_replace", 0, MAX_LAYERS, 0);
            int frequency = f.optional("moe_layer_freq", 1, MAX_LAYERS, 1);
            boolean scoreBias = f.text("topk_method").map("noaux_tc"::equals).orElse(false);
            boolean attentionBias = f.flag("attention_bias", false);
            boolean tied = tied(false);
            int qkHead = nope + rope;

            List<TensorGroup> attention = new ArrayList<>();
            String a = "model.layers.*.self_attn.";
            if (qLora == null) {
                attention.add(matrix(ATTENTION_Q, a + "q_proj.weight", (long) heads * qkHead, hidden));
            } else {
                attention.add(matrix(MLA_Q_DOWN, a + "q_a_proj.weight", qLora, hidden));
                attention.add(vector(NORM, a + "q_a_layernorm.weight", qLora, 1));
                attention.add(matrix(MLA_Q_UP, a + "q_b_proj.weight", (long) heads * qkHead, qLora));
            }
            attention.add(matrix(MLA_KV_DOWN, a + "kv_a_proj_with_mqa.weight", kvLora + rope, hidden));
            attention.add(vector(NORM, a + "kv_a_layernorm.weight", kvLora, 1));
            attention.add(matrix(MLA_KV_UP, a + "kv_b_proj.weight", (long) heads * (nope + vHead), kvLora));
            attention.add(matrix(ATTENTION_OUTPUT, a + "o_proj.weight", hidden, (long) heads * vHead));
            if (attentionBias) {
                attention.add(vector(ATTENTION_OUTPUT, a + "o_proj.bias", hidden, 1));
            }
            attention.add(vector(NORM, "model.layers.*.norms (2 per layer)", hidden, 2));

            List<TensorGroup> denseLayer = new ArrayList<>(attention);
            denseLayer.addAll(mlp("model.layers.*.mlp", inter, false));
            List<TensorGroup> moeLayer = new ArrayList<>(attention);
            if (experts > 0) {
                moeLayer.add(matrix(ROUTER, "model.layers.*.mlp.gate.weight", experts, hidden));
                if (scoreBias) {
                    moeLayer.add(vector(ROUTER, "model.layers.*.mlp.gate.e_score_correction_bias", experts, 1));
                }
                moeLayer.addAll(experts("model.layers.*.mlp.experts.*", moeInter, experts, perToken, false));
                if (shared > 0) {
                    for (TensorGroup g : mlp("model.layers.*.mlp.shared_experts", (long) moeInter * shared, false)) {
                        moeLayer.add(g.as(shared(g.role())));
                    }
                }
            }
            int moeLayers = 0;
            for (int i = 0; i < layers; i++) {
                if (experts > 0 && i >= firstDense && i % frequency == 0) {
                    moeLayers++;
                }
            }
            Inventory inv = new Inventory();
            inv.add(matrix(EMBEDDING, "model.embed_tokens.weight", vocab, hidden));
            inv.addPerLayer(denseLayer, layers - moeLayers);
            inv.addPerLayer(moeLayer, moeLayers);
            inv.add(vector(FINAL_NORM, "model.norm.weight", hidden, 1));
            if (!tied) {
                inv.add(matrix(OUTPUT_HEAD, "lm_head.weight", vocab, hidden));
            }
            // Multi-token prediction (DeepSeek-V3 technical report, section 2.2): per module its own
            // embedding and output head copies, two RMSNorms, a projection from 2 x hidden, and one
            // more decoder layer, stored as model.layers.<num_hidden_layers + i>.
            int nextN = f.optional("num_nextn_predict_layers", 0, MAX_LAYERS, 0);
            List<TensorGroup> mtp = new ArrayList<>();
            if (nextN > 0) {
                String m = "model.layers.mtp.";
                List<TensorGroup> module = new ArrayList<>(List.of(
                        matrix(EMBEDDING, m + "embed_tokens.weight", vocab, hidden),
                        vector(NORM, m + "enorm.weight", hidden, 1),
                        vector(NORM, m + "hnorm.weight", hidden, 1),
                        matrix(MTP_PROJECTION, m + "eh_proj.weight", hidden, 2L * hidden),
                        vector(NORM, m + "shared_head.norm.weight", hidden, 1),
                        matrix(OUTPUT_HEAD, m + "shared_head.head.weight", vocab, hidden)));
                module.addAll(experts > 0 ? moeLayer : denseLayer);
                for (TensorGroup g : module) {
                    mtp.add(g.times(nextN));
                }
            }
            ParameterInventory inventory = new ParameterInventory(inv.groups, mtp,
                    nextN > 0 ? "multi-token prediction (" + nextN + " layer" + (nextN > 1 ? "s" : "") + ")" : null);
            return build(heads, heads, qkHead, tied, AttentionType.MLA, uniformWindows(), 1, (long) kvLora + rope,
                    kvLora, rope, experts, perToken, shared, inventory);
        }

        private int expertsPerToken(int experts) {
            int perToken = f.positive(MAX_EXPERTS, "num_experts_per_tok", "experts_per_token");
            if (perToken > experts) {
                throw new InvalidModelConfigException(f.path("num_experts_per_tok"), perToken,
                        "must not exceed the number of experts (" + experts + ")");
            }
            return perToken;
        }

        private List<TensorGroup> attention(int heads, int kv, int hd, boolean qkvBias, boolean oBias,
                boolean qkNorm) {
            String a = "model.layers.*.self_attn.";
            List<TensorGroup> groups = new ArrayList<>(List.of(
                    matrix(ATTENTION_Q, a + "q_proj.weight", (long) heads * hd, hidden),
                    matrix(ATTENTION_K, a + "k_proj.weight", (long) kv * hd, hidden),
                    matrix(ATTENTION_V, a + "v_proj.weight", (long) kv * hd, hidden),
                    matrix(ATTENTION_OUTPUT, a + "o_proj.weight", hidden, (long) heads * hd)));
            if (qkvBias) {
                groups.add(vector(ATTENTION_Q, a + "q_proj.bias", (long) heads * hd, 1));
                groups.add(vector(ATTENTION_K, a + "k_proj.bias", (long) kv * hd, 1));
                groups.add(vector(ATTENTION_V, a + "v_proj.bias", (long) kv * hd, 1));
            }
            if (oBias) {
                groups.add(vector(ATTENTION_OUTPUT, a + "o_proj.bias", hidden, 1));
            }
            if (qkNorm) {
                groups.add(vector(NORM, a + "q_norm.weight", hd, 1));
                groups.add(vector(NORM, a + "k_norm.weight", hd, 1));
            }
            return groups;
        }

        /** A gated MLP: gate and up project to {@code inter}, down projects back. */
        private List<TensorGroup> mlp(String prefix, long inter, boolean bias) {
            List<TensorGroup> groups = new ArrayList<>(List.of(
                    matrix(MLP_GATE, prefix + ".gate_proj.weight", inter, hidden),
                    matrix(MLP_UP, prefix + ".up_proj.weight", inter, hidden),
                    matrix(MLP_DOWN, prefix + ".down_proj.weight", hidden, inter)));
            if (bias) {
                groups.add(vector(MLP_GATE, prefix + ".gate_proj.bias", inter, 1));
                groups.add(vector(MLP_UP, prefix + ".up_proj.bias", inter, 1));
                groups.add(vector(MLP_DOWN, prefix + ".down_proj.bias", hidden, 1));
            }
            return groups;
        }

        /** Routed experts: each a gated MLP; a token uses {@code perToken} of them. */
        private List<TensorGroup> experts(String prefix, long inter, int experts, int perToken, boolean bias) {
            List<TensorGroup> groups = new ArrayList<>();
            for (TensorGroup g : mlp(prefix, inter, bias)) {
                groups.add(g.asExperts(routed(g.role()), experts, perToken));
            }
            return groups;
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

        private List<Integer> uniformWindows() {
            int window = f.optional("sliding_window", 1, MAX_WINDOW, 0);
            List<Integer> windows = layerTypeWindowsOrNull(window);
            return windows != null ? windows : java.util.Collections.nCopies(layers, window);
        }

        /** Qwen: sliding only when use_sliding_window, from layer max_window_layers on. */
        private List<Integer> qwenWindows() {
            int window = f.optional("sliding_window", 1, MAX_WINDOW, 0);
            if (!f.flag("use_sliding_window", false) || window == 0) {
                return java.util.Collections.nCopies(layers, 0);
            }
            List<Integer> fromTypes = layerTypeWindowsOrNull(window);
            if (fromTypes != null) {
                return fromTypes;
            }
            int fullLayers = f.optional("max_window_layers", 0, MAX_LAYERS, layers);
            List<Integer> windows = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                windows.add(i >= fullLayers ? window : 0);
            }
            return windows;
        }

        /** Gemma 2 alternates sliding (even) and global (odd) layers; Gemma 3 makes every 6th global. */
        private List<Integer> gemmaWindows() {
            int window = f.optional("sliding_window", 1, MAX_WINDOW, 4096);
            if (modelType.equals("gemma2")) {
                return layerTypeWindows(i -> i % 2 == 0, window);
            }
            int pattern = f.optional("sliding_window_pattern", 1, MAX_LAYERS, 6);
            return layerTypeWindows(i -> (i + 1) % pattern != 0, window);
        }

        private List<Integer> layerTypeWindows(java.util.function.IntPredicate slidingByDefault) {
            return layerTypeWindows(slidingByDefault, f.optional("sliding_window", 1, MAX_WINDOW, 0));
        }

        /** {@code layer_types} when the config lists them, else the family's default pattern. */
        private List<Integer> layerTypeWindows(java.util.function.IntPredicate slidingByDefault, int window) {
            List<Integer> fromTypes = layerTypeWindowsOrNull(window);
            if (fromTypes != null) {
                return fromTypes;
            }
            List<Integer> windows = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                windows.add(window > 0 && slidingByDefault.test(i) ? window : 0);
            }
            return windows;
        }

        private List<Integer> layerTypeWindowsOrNull(int window) {
            List<String> types = f.strings("layer_types");
            if (types.isEmpty()) {
                return null;
            }
            if (types.size() != layers) {
                throw new InvalidModelConfigException(f.path("layer_types"), types.size() + " entries",
                        "must list one type per layer (" + layers + ")");
            }
            List<Integer> windows = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                String type = types.get(i);
                if (type.equals("sliding_attention")) {
                    if (window == 0) {
                        throw new InvalidModelConfigException(f.path("sliding_window"), null,
                                "is required when layer_types has sliding_attention layers");
                    }
                    windows.add(window);
                } else if (type.equals("full_attention")) {
                    windows.add(0);
                } else {
                    throw new InvalidModelConfigException(f.path("layer_types") + "[" + i + "]", type,
                            "must be sliding_attention or full_attention");
                }
            }
            return windows;
        }

        private ModelArchitecture build(int heads, int kv, int hd, boolean tied, AttentionType attention,
                List<Integer> windows, long kvVectors, long kvVectorLength, int kvLora, int rope, int experts,
                int perToken, int shared, ParameterInventory inventory) {
            Integer moeInter = f.optional("moe_intermediate_size", 1, MAX_INTERMEDIATE,
                    f.optional("intermediate_size", 1, MAX_INTERMEDIATE, 0));
            MoeShape moe = experts > 0 ? new MoeShape(experts, perToken, shared, moeInter) : null;
            MlaShape mla = attention == AttentionType.MLA ? new MlaShape(kvLora, rope) : null;
            LlamaCppClass llamaCpp = new LlamaCppClass(modelType.equals("falcon"),
                    modelType.equals("llama") && layers == 80);
            return new ModelArchitecture(null, modelType, false, hidden, layers,
                    new AttentionShape(heads, kv, hd, attention), vocab, tied,
                    f.optional("max_position_embeddings", 1, MAX_WINDOW), f.optional("intermediate_size", 1, MAX_INTERMEDIATE,
                            f.optional("ffn_hidden_size", 1, MAX_INTERMEDIATE, 4 * hidden)), moe, mla,
                    KvLayout.byWindow(windows, kvVectors, kvVectorLength),
                    inventory, QuantizationConfigReader.read(f), torchDtype(), llamaCpp, notes);
        }

        private String torchDtype() {
            return f.text("torch_dtype").or(() -> f.text("dtype")).orElse(null);
        }
    }

    /** Collects tensor groups, multiplying per-layer ones by their layer count. */
    private static final class Inventory {

        private final List<TensorGroup> groups = new ArrayList<>();

        void add(TensorGroup group) {
            groups.add(group);
        }

        void addPerLayer(List<TensorGroup> perLayer, int layerCount) {
            if (layerCount > 0) {
                perLayer.forEach(g -> groups.add(g.times(layerCount)));
            }
        }

        ParameterInventory done() {
            return new ParameterInventory(groups, List.of(), null);
        }
    }
}
