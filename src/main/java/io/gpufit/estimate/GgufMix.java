package io.gpufit.estimate;

import io.gpufit.model.TensorGroup;
import io.gpufit.model.TensorRole;

/**
 * llama.cpp's choice of block type per tensor when it writes a GGUF file
 * ({@code src/llama-quant.cpp}, {@code llama_tensor_get_type}): the output head goes to Q6_K,
 * {@code attn_v} and {@code ffn_down} get more bits in some layers, and a tensor whose rows do not
 * divide into 256-value super-blocks falls back to a 32-value type. Applied to Llama-3.1-8B these
 * rules give the sizes llama.cpp publishes (tools/quantize/README.md: Q2_K 3.1593, Q4_K_M 4.8944,
 * Q5_K_M 5.7036 bits per weight), which WeightFormulasTest checks.
 */
final class GgufMix {

    /** A ggml block type: bytes per block of values. */
    enum Block {
        Q2_K(84, 256),
        Q3_K(110, 256),
        Q4_K(144, 256),
        Q5_K(176, 256),
        Q6_K(210, 256),
        Q4_0(18, 32),
        Q5_0(22, 32),
        Q5_1(24, 32),
        Q8_0(34, 32),
        IQ4_XS(136, 256),
        IQ4_NL(18, 32);

        final int bytes;
        final int values;

        Block(int bytes, int values) {
            this.bytes = bytes;
            this.values = values;
        }

        /** {@code tensor_type_fallback}: rows that are not whole super-blocks use a 32-value type. */
        Block fitting(long columns) {
            if (columns % values == 0) {
                return this;
            }
            return switch (this) {
                case Q2_K, Q3_K -> Q4_0;
                case Q4_K -> Q5_0;
                case Q5_K -> Q5_1;
                case Q6_K -> Q8_0;
                case IQ4_XS -> IQ4_NL;
                default -> this;
            };
        }

        long matrixBytes(long rows, long columns) {
            Block fit = fitting(columns);
            return Math.multiplyExact(rows, Math.multiplyExact(Rounding.ceilDiv(columns, fit.values), fit.bytes));
        }

        /**
         * Bytes of a group, in this type: a real tensor row by row with llama.cpp's fallback; a model
         * known only by its parameter count has no rows to fall back on, so its count is packed whole.
         */
        long groupBytes(TensorGroup group) {
            if (group.role() == TensorRole.UNATTRIBUTED) {
                return Math.multiplyExact(Rounding.ceilDiv(group.parameters(), values), bytes);
            }
            return Math.multiplyExact(matrixBytes(group.rows(), group.columns()), group.copies());
        }
    }

    private GgufMix() {}

    /** The tensor categories the rules distinguish (llama.cpp's tensor names). */
    enum Category {
        TOKEN_EMBD,
        OUTPUT,
        ATTN_V,
        ATTN_K,
        ATTN_QKV,
        ATTN_OUTPUT,
        FFN_DOWN,
        OTHER
    }

    /** llama.cpp's category of a tensor, from its role; MLA's kv_b_proj is sized as attn_v. */
    static Category category(TensorGroup group) {
        return switch (group.role()) {
            case EMBEDDING -> Category.TOKEN_EMBD;
            case OUTPUT_HEAD -> Category.OUTPUT;
            case ATTENTION_V, MLA_KV_UP -> Category.ATTN_V;
            case ATTENTION_K -> Category.ATTN_K;
            case ATTENTION_QKV -> Category.ATTN_QKV;
            case ATTENTION_OUTPUT -> Category.ATTN_OUTPUT;
            case MLP_DOWN, EXPERT_DOWN, SHARED_EXPERT_DOWN -> Category.FFN_DOWN;
            default -> Category.OTHER;
        };
    }

    /** The model facts the rules look at. */
    record Model(int layers, int experts, int gqa, boolean falcon, boolean llama70b, boolean tiedEmbeddings) {}

    /** Bytes of a tensor group quantized as one of the K-quant mixes. */
    static long bytes(TensorGroup group, Dtype mix, Model model) {
        Category category = category(group);
        if (category == Category.TOKEN_EMBD && model.tiedEmbeddings()) {
            category = Category.OUTPUT; // the embeddings double as the output head
        }
        long perLayerCopies = Math.max(1, group.copies() / Math.max(1, model.layers()));
        boolean spansAllLayers = group.copies() % model.layers() == 0 && group.copies() >= model.layers();
        long total = 0;
        if (spansAllLayers && (category == Category.ATTN_V || category == Category.FFN_DOWN)) {
            for (int layer = 0; layer < model.layers(); layer++) {
                Block block = type(category, mix, model, layer);
                total = Math.addExact(
                        total, Math.multiplyExact(block.matrixBytes(group.rows(), group.columns()), perLayerCopies));
            }
            return total;
        }
        // Groups that span part of the layers (DeepSeek's dense and MoE layers) take the type of a
        // middle layer: the layer-dependent upgrades are not placed per layer there.
        return type(category, mix, model, model.layers() / 2).groupBytes(group);
    }

    /** {@code use_more_bits}: the first and last eighth of the layers, and every third in between. */
    static boolean moreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    static Block type(Category category, Dtype mix, Model m, int layer) {
        Block base = switch (mix) {
            case Q2_K -> Block.Q2_K;
            case Q3_K_S, Q3_K_M, Q3_K_L -> Block.Q3_K;
            case Q4_K_S, Q4_K_M -> Block.Q4_K;
            case Q5_K_S, Q5_K_M -> Block.Q5_K;
            case IQ4_XS -> Block.IQ4_XS;
            case IQ4_NL -> Block.IQ4_NL;
            default -> throw new IllegalArgumentException(mix + " is not a GGUF mix");
        };
        boolean eightExperts = m.experts() == 8;
        return switch (category) {
            case OUTPUT -> m.falcon() ? Block.Q8_0 : Block.Q6_K;
            case ATTN_V -> attnV(mix, base, m, layer);
            case ATTN_K -> eightExperts ? Block.Q8_0 : base;
            case ATTN_QKV ->
                switch (mix) {
                    case Q3_K_M, Q3_K_L -> Block.Q4_K;
                    case Q4_K_M -> Block.Q5_K;
                    case Q5_K_M -> Block.Q6_K;
                    default -> base;
                };
            case ATTN_OUTPUT -> attnOutput(mix, base, m);
            case FFN_DOWN -> ffnDown(mix, base, m, layer);
            case TOKEN_EMBD, OTHER -> base;
        };
    }

    private static Block attnV(Dtype mix, Block base, Model m, int layer) {
        Block v = switch (mix) {
            case Q2_K -> m.gqa() >= 4 ? Block.Q4_K : Block.Q3_K;
            case Q3_K_M -> layer < 2 ? Block.Q5_K : Block.Q4_K;
            case Q3_K_L -> Block.Q5_K;
            case IQ4_XS, IQ4_NL -> m.gqa() >= 4 ? Block.Q5_K : base;
            case Q4_K_M, Q5_K_M -> moreBits(layer, m.layers()) ? Block.Q6_K : base;
            case Q4_K_S -> layer < 4 ? Block.Q5_K : base;
            default -> base;
        };
        if (m.llama70b() && (v == Block.Q3_K || v == Block.Q4_K)) {
            v = Block.Q5_K;
        }
        return m.experts() == 8 ? Block.Q8_0 : v;
    }

    private static Block attnOutput(Dtype mix, Block base, Model m) {
        if (m.falcon()) {
            return mix == Dtype.Q3_K_L ? Block.Q4_K : base;
        }
        if (m.experts() == 8) {
            // every mix but Q3_K_L and the Q5_K ones bumps attn_output of 8-expert models to Q5_K
            return mix == Dtype.Q5_K_M || mix == Dtype.Q5_K_S || mix == Dtype.Q3_K_L ? base : Block.Q5_K;
        }
        return switch (mix) {
            case Q2_K -> Block.Q3_K;
            case Q3_K_M -> Block.Q4_K;
            case Q3_K_L -> Block.Q5_K;
            default -> base;
        };
    }

    private static Block ffnDown(Dtype mix, Block base, Model m, int layer) {
        return switch (mix) {
            case Q2_K -> Block.Q3_K;
            case Q3_K_M ->
                layer < m.layers() / 16
                        ? Block.Q5_K
                        : !m.falcon() || moreBits(layer, m.layers()) ? Block.Q4_K : Block.Q3_K;
            case Q4_K_M ->
                m.falcon()
                        ? layer < m.layers() / 16 ? Block.Q6_K : moreBits(layer, m.layers()) ? Block.Q5_K : base
                        : moreBits(layer, m.layers()) ? Block.Q6_K : base;
            case Q5_K_M -> moreBits(layer, m.layers()) ? Block.Q6_K : base;
            case Q3_K_L -> m.falcon() ? Block.Q4_K : Block.Q5_K;
            case Q4_K_S -> !m.falcon() && layer < m.layers() / 8 ? Block.Q5_K : base;
            // llama-quantize without an importance matrix (--imatrix), the only input this service has
            case IQ4_XS, IQ4_NL -> layer < m.layers() / 8 ? Block.Q5_K : base;
            default -> base;
        };
    }

    /** Plain GGUF types (q8_0, q6_k, q4_0): one type throughout, but the output head goes to Q6_K. */
    static long plainBytes(TensorGroup group, Dtype type, Model model) {
        Block block = switch (type) {
            case Q8_0 -> Block.Q8_0;
            case Q6_K -> Block.Q6_K;
            case Q4_0 -> Block.Q4_0;
            default -> throw new IllegalArgumentException(type + " is not a plain GGUF type");
        };
        Category category = category(group);
        boolean output = category == Category.OUTPUT || category == Category.TOKEN_EMBD && model.tiedEmbeddings();
        if (output && type != Dtype.Q8_0) {
            block = model.falcon() ? Block.Q8_0 : Block.Q6_K;
        }
        return block.groupBytes(group);
    }
}
