package io.gpufit.estimate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A storage format for weights or the KV cache, with its exact bytes. Plain formats store every
 * element in a whole number of bits (int4 packs two per byte); block formats store fixed-size
 * blocks (GGUF: 34 bytes per 32 values for q8_0); grouped formats add scales, zero points and
 * indices per group of inputs. Sources are given per constant; README.md tabulates them.
 */
public enum Dtype {
    FP32("fp32", Storage.PLAIN, 4, 1, true),
    FP16("fp16", Storage.PLAIN, 2, 1, true),
    BF16("bf16", Storage.PLAIN, 2, 1, true),
    /** FP8 E4M3 with one scale per tensor (negligible, not counted). */
    FP8("fp8", Storage.PLAIN, 1, 1, true),
    /** FP8 with an fp32 scale per 128 x 128 block (DeepSeek-V3 {@code weight_scale_inv}). */
    FP8_BLOCK("fp8_block", Storage.FP8_BLOCK, 1, 1, false),
    INT8("int8", Storage.PLAIN, 1, 1, true),
    INT4("int4", Storage.PLAIN, 1, 2, true),
    /**
     * GPTQ 4-bit (AutoGPTQ/gptqmodel layout): qweight int32 [in/8, out], qzeros int32
     * [in/group, out/8], scales fp16 [in/group, out], g_idx int32 [in].
     */
    GPTQ("gptq", Storage.GPTQ, 1, 2, false),
    /** AWQ 4-bit (AutoAWQ GEMM layout): qweight int32 [in, out/8], qzeros int32 [in/group, out/8], scales fp16 [in/group, out]. */
    AWQ("awq", Storage.AWQ, 1, 2, false),
    /** bitsandbytes NF4 (or FP4): two 4-bit codes per byte, an fp32 absmax per block of 64. */
    NF4("nf4", Storage.NF4, 1, 2, false),
    /** bitsandbytes NF4 with double quantization: 8-bit absmax per 64, an fp32 scale per 256 blocks. */
    NF4_DOUBLE("nf4_double", Storage.NF4_DOUBLE, 1, 2, false),
    /** OCP MXFP4: 32 E2M1 values (16 bytes) share one E8M0 scale byte: 17 bytes per 32. */
    MXFP4("mxfp4", Storage.BLOCKS, 17, 32, false),
    /** GGUF Q8_0: 32 int8 values and an fp16 scale, 34 bytes per 32 (ggml-common.h block_q8_0). */
    Q8_0("q8_0", Storage.GGUF, 34, 32, true),
    /** GGUF Q6_K: 210 bytes per super-block of 256 (block_q6_K). */
    Q6_K("q6_k", Storage.GGUF, 210, 256, false),
    /** GGUF Q5_K_M: Q5_K (176 bytes per 256) with llama.cpp's per-tensor upgrades, see {@link GgufMix}. */
    Q5_K_M("q5_k_m", Storage.GGUF_MIX, 176, 256, false),
    /** GGUF Q5_K_S: Q5_K throughout, the output head in Q6_K, see {@link GgufMix}. */
    Q5_K_S("q5_k_s", Storage.GGUF_MIX, 176, 256, false),
    /** GGUF Q4_K_M: Q4_K (144 bytes per 256) with llama.cpp's per-tensor upgrades, see {@link GgufMix}. */
    Q4_K_M("q4_k_m", Storage.GGUF_MIX, 144, 256, false),
    /** GGUF Q4_K_S: Q4_K with Q5_K for the first layers' attn_v and ffn_down, see {@link GgufMix}. */
    Q4_K_S("q4_k_s", Storage.GGUF_MIX, 144, 256, false),
    /** GGUF Q4_0: 32 4-bit values and an fp16 scale, 18 bytes per 32 (block_q4_0). */
    Q4_0("q4_0", Storage.GGUF, 18, 32, true),
    /** GGUF IQ4_XS: 136 bytes per 256 (block_iq4_xs: fp16 scale, 6-bit sub-block scales, 4-bit codes). */
    IQ4_XS("iq4_xs", Storage.GGUF_MIX, 136, 256, false),
    /** GGUF IQ4_NL: 18 bytes per 32 (block_iq4_nl: fp16 scale, 4-bit non-linear codes). */
    IQ4_NL("iq4_nl", Storage.GGUF_MIX, 18, 32, false),
    /** GGUF Q3_K_L: Q3_K with Q5_K for attn_v, attn_output and ffn_down, see {@link GgufMix}. */
    Q3_K_L("q3_k_l", Storage.GGUF_MIX, 110, 256, false),
    /** GGUF Q3_K_M: Q3_K (110 bytes per 256) with llama.cpp's per-tensor upgrades, see {@link GgufMix}. */
    Q3_K_M("q3_k_m", Storage.GGUF_MIX, 110, 256, false),
    /** GGUF Q3_K_S: Q3_K throughout, the output head in Q6_K, see {@link GgufMix}. */
    Q3_K_S("q3_k_s", Storage.GGUF_MIX, 110, 256, false),
    /** GGUF Q2_K: Q2_K (84 bytes per 256) with llama.cpp's per-tensor upgrades, see {@link GgufMix}. */
    Q2_K("q2_k", Storage.GGUF_MIX, 84, 256, false);

    /** How a format lays out a matrix. */
    enum Storage {
        PLAIN,
        BLOCKS,
        FP8_BLOCK,
        GPTQ,
        AWQ,
        NF4,
        NF4_DOUBLE,
        GGUF,
        GGUF_MIX
    }

    private final String id;
    private final Storage storage;
    private final int blockBytes;
    private final int blockElements;
    private final boolean kvCache;

    Dtype(String id, Storage storage, int blockBytes, int blockElements, boolean kvCache) {
        this.id = id;
        this.storage = storage;
        this.blockBytes = blockBytes;
        this.blockElements = blockElements;
        this.kvCache = kvCache;
    }

    /** The name used in requests and responses, e.g. {@code bf16}, {@code q4_k_m}. */
    public String id() {
        return id;
    }

    Storage storage() {
        return storage;
    }

    int blockBytes() {
        return blockBytes;
    }

    int blockElements() {
        return blockElements;
    }

    /** Whether this format may hold a KV cache (engines quantize the cache per element or per block). */
    public boolean kvCacheFormat() {
        return kvCache;
    }

    /** 32-, 16- and 8/4-bit plain types apply to every tensor; other formats keep non-linear tensors in 16-bit. */
    public boolean floatingPoint16OrWider() {
        return this == FP32 || this == FP16 || this == BF16;
    }

    /** A llama.cpp GGUF type: it quantizes embeddings and the output head too, and keeps vectors in f32. */
    public boolean gguf() {
        return storage == Storage.GGUF || storage == Storage.GGUF_MIX;
    }

    /** Whether the format needs a group size (GPTQ and AWQ). */
    public boolean grouped() {
        return storage == Storage.GPTQ || storage == Storage.AWQ;
    }

    /** Bytes per element as written in a derivation: {@code 2 B}, {@code 0.5 B}, {@code 1.0625 B}. */
    public String bytesPerElementLabel() {
        java.math.BigDecimal bytes = java.math.BigDecimal.valueOf(blockBytes)
                .divide(java.math.BigDecimal.valueOf(blockElements), java.math.MathContext.DECIMAL64);
        return bytes.stripTrailingZeros().toPlainString() + " B";
    }

    /**
     * The spellings people copy from Hugging Face ({@code torch_dtype}), PyTorch and vLLM
     * ({@code --dtype}, {@code --kv-cache-dtype}) for a format that has another id here. FP8 E4M3
     * and E5M2 both store one byte per element, so both are {@link #FP8}. Responses always name the
     * canonical {@link #id()}.
     */
    private static final Map<String, Dtype> ALIASES = Map.of(
            "bfloat16", BF16,
            "float16", FP16,
            "half", FP16,
            "float32", FP32,
            "float", FP32,
            "fp8_e4m3", FP8,
            "fp8_e5m2", FP8);

    /**
     * Case-insensitive lookup by {@link #id()} or by an alias ({@code bfloat16}, {@code half},
     * {@code fp8_e4m3}...); a hyphen counts as an underscore.
     */
    public static Optional<Dtype> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = normalise(id);
        return Arrays.stream(values())
                .filter(d -> d.id().equals(wanted))
                .findFirst()
                .or(() -> Optional.ofNullable(ALIASES.get(wanted)));
    }

    /**
     * How names are compared: surrounding whitespace dropped (a control character such as NUL is
     * kept, so that {@code "fp16\u0000"} matches nothing), lower case, hyphens as underscores.
     */
    public static String normalise(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** The aliases of this format (e.g. {@code bfloat16} for bf16), sorted. */
    public List<String> aliases() {
        return ALIASES.entrySet().stream()
                .filter(e -> e.getValue() == this)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Dtype::id).toList();
    }

    public static List<String> kvCacheIds() {
        return Arrays.stream(values())
                .filter(Dtype::kvCacheFormat)
                .map(Dtype::id)
                .toList();
    }
}
