package io.gpufit.estimate;

import static io.gpufit.estimate.Rounding.ceilDiv;

import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.ParameterInventory;
import io.gpufit.model.QuantizationSpec;
import io.gpufit.model.TensorGroup;
import io.gpufit.model.TensorRole;
import io.gpufit.model.WeightPart;
import java.util.EnumMap;
import java.util.Map;

/**
 * Bytes of weights in a format, tensor by tensor. Quantized formats store linear layers' weight
 * matrices quantized and keep everything else (embeddings, output head, norms, biases, routers,
 * modules the checkpoint lists as unconverted) in 16-bit, as the quantizers of transformers, vLLM
 * and llama.cpp do; GGUF mixes follow llama.cpp's own per-tensor rules ({@link GgufMix}).
 */
final class WeightFormulas {

    /** Bytes of a 16-bit element: what quantized formats keep their unquantized tensors in. */
    static final int SIXTEEN_BIT = 2;
    /** FP8 block scales: one fp32 per 128 x 128 block (DeepSeek-V3 weight_scale_inv). */
    static final int FP8_BLOCK = 128;

    private WeightFormulas() {}

    /** What a model's weights take in a format: per part, and for the extra module apart. */
    record WeightBytes(
            long total,
            long quantizedParameters,
            long sixteenBitParameters,
            long keptBytes,
            Map<WeightPart, Long> bytesByPart,
            long extraModule) {}

    static WeightBytes weightBytes(ModelArchitecture model, Dtype format, int groupSize) {
        ParameterInventory inventory = model.inventory();
        Map<WeightPart, Long> byPart = new EnumMap<>(WeightPart.class);
        long total = 0;
        long quantized = 0;
        long kept = 0;
        long keptBytes = 0;
        for (TensorGroup group : inventory.tensors()) {
            long bytes = groupBytes(group, format, groupSize, model);
            byPart.merge(group.part(), bytes, Math::addExact);
            total = Math.addExact(total, bytes);
            if (storesQuantized(group, format, model.quantization())) {
                quantized = Math.addExact(quantized, group.parameters());
            } else {
                kept = Math.addExact(kept, group.parameters());
                keptBytes = Math.addExact(keptBytes, bytes);
            }
        }
        long extra = 0;
        for (TensorGroup group : inventory.extraModule()) {
            extra = Math.addExact(extra, groupBytes(group, format, groupSize, model));
        }
        return new WeightBytes(total, quantized, kept, keptBytes, byPart, extra);
    }

    static boolean storesQuantized(TensorGroup group, Dtype format, QuantizationSpec checkpoint) {
        if (format.floatingPoint16OrWider()) {
            return false;
        }
        if (format.gguf()) {
            // llama.cpp quantizes the embeddings and the output head too; only vectors stay f32.
            return group.columns() > 1 && (group.quantizable() || isEmbeddingOrHead(group));
        }
        return group.quantizable() && (checkpoint == null || !checkpoint.keepsUnquantized(group));
    }

    private static boolean isEmbeddingOrHead(TensorGroup group) {
        return group.role() == TensorRole.EMBEDDING || group.role() == TensorRole.OUTPUT_HEAD;
    }

    static long groupBytes(TensorGroup group, Dtype format, int groupSize, ModelArchitecture model) {
        QuantizationSpec checkpoint = model.quantization();
        if (format.floatingPoint16OrWider()) {
            return Math.multiplyExact(group.parameters(), format.blockBytes());
        }
        if (!storesQuantized(group, format, checkpoint)) {
            // GGUF keeps vectors in f32; the other formats keep unquantized tensors in 16-bit.
            return Math.multiplyExact(group.parameters(), format.gguf() ? 4 : SIXTEEN_BIT);
        }
        if (format.storage() == Dtype.Storage.GGUF_MIX) {
            return GgufMix.bytes(group, format, ggufModel(model));
        }
        if (format.storage() == Dtype.Storage.GGUF) {
            return GgufMix.plainBytes(group, format, ggufModel(model));
        }
        return Math.multiplyExact(matrixBytes(group.rows(), group.columns(), format, groupSize), group.copies());
    }

    /** Bytes of one {@code rows x columns} ({@code [out, in]}) weight matrix in a format. */
    static long matrixBytes(long rows, long columns, Dtype format, int groupSize) {
        return switch (format.storage()) {
            case PLAIN ->
                Math.multiplyExact(
                        rows, ceilDiv(Math.multiplyExact(columns, format.blockBytes()), format.blockElements()));
            case BLOCKS, GGUF, GGUF_MIX ->
                Math.multiplyExact(
                        rows, Math.multiplyExact(ceilDiv(columns, format.blockElements()), format.blockBytes()));
            case FP8_BLOCK ->
                Math.addExact(
                        Math.multiplyExact(rows, columns),
                        Math.multiplyExact(
                                4L, Math.multiplyExact(ceilDiv(rows, FP8_BLOCK), ceilDiv(columns, FP8_BLOCK))));
            case GPTQ -> gptq(rows, columns, groups(columns, groupSize));
            case AWQ -> awq(rows, columns, groups(columns, groupSize));
            case NF4 -> nf4(Math.multiplyExact(rows, columns), false);
            case NF4_DOUBLE -> nf4(Math.multiplyExact(rows, columns), true);
        };
    }

    /** Groups along the input dimension; group size -1 means one group per output channel. */
    static long groups(long columns, int groupSize) {
        return groupSize <= 0 ? 1 : ceilDiv(columns, groupSize);
    }

    /**
     * GPTQ 4-bit: qweight int32 [in/8, out] + qzeros int32 [groups, out/8] + scales fp16
     * [groups, out] + g_idx int32 [in].
     */
    static long gptq(long out, long in, long groups) {
        long qweight = Math.multiplyExact(4 * ceilDiv(in, 8), out);
        long qzeros = Math.multiplyExact(4 * groups, ceilDiv(out, 8));
        long scales = Math.multiplyExact(2 * groups, out);
        long gIdx = Math.multiplyExact(4L, in);
        return Math.addExact(Math.addExact(qweight, qzeros), Math.addExact(scales, gIdx));
    }

    /** AWQ 4-bit: qweight int32 [in, out/8] + qzeros int32 [groups, out/8] + scales fp16 [groups, out]. */
    static long awq(long out, long in, long groups) {
        long qweight = Math.multiplyExact(4 * in, ceilDiv(out, 8));
        long qzeros = Math.multiplyExact(4 * groups, ceilDiv(out, 8));
        long scales = Math.multiplyExact(2 * groups, out);
        return Math.addExact(Math.addExact(qweight, qzeros), scales);
    }

    /**
     * bitsandbytes 4-bit: two codes per byte + an absmax per block of 64 values: fp32, or with
     * double quantization one byte plus an fp32 per 256 blocks.
     */
    static long nf4(long elements, boolean doubleQuant) {
        long codes = ceilDiv(elements, 2);
        long blocks = ceilDiv(elements, 64);
        long absmax = doubleQuant
                ? Math.addExact(blocks, Math.multiplyExact(4L, ceilDiv(blocks, 256)))
                : Math.multiplyExact(4L, blocks);
        return Math.addExact(codes, absmax);
    }

    private static GgufMix.Model ggufModel(ModelArchitecture model) {
        return new GgufMix.Model(
                model.numLayers(),
                model.moe() == null ? 0 : model.moe().experts(),
                model.numAttentionHeads() / model.numKeyValueHeads(),
                model.llamaCpp().falcon(),
                model.llamaCpp().llama70b(),
                model.tiedEmbeddings());
    }
}
