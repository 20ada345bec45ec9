package io.gpufit.estimate;

import static io.gpufit.estimate.Bytes.decimal;
import static io.gpufit.estimate.Bytes.grouped;

import io.gpufit.model.KvLayout;
import io.gpufit.model.ModelArchitecture;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Applies {@link MemoryFormulas} and {@link WeightFormulas} to a model and workload and writes down each step. */
public final class MemoryEstimator {

    private MemoryEstimator() {
    }

    public static MemoryEstimate estimate(ModelArchitecture model, Precision precision, Workload workload) {
        return estimate(model, precision, workload, false);
    }

    /**
     * Weights plus a KV cache pre-allocated for the whole batch at full sequence length (sliding-
     * window layers hold at most their window).
     *
     * @param includeExtraModule count the optional module (DeepSeek-V3's multi-token prediction)
     * @throws EstimateOverflowException when a byte count would exceed {@link Long#MAX_VALUE}
     */
    public static MemoryEstimate estimate(ModelArchitecture model, Precision precision, Workload workload,
            boolean includeExtraModule) {
        List<String> derivation = new ArrayList<>();
        Dtype format = precision.weights();

        WeightFormulas.WeightBytes weights = checked("weights", () -> WeightFormulas.weightBytes(
                model, format, precision.groupSize()));
        derivation.add(weightLine(model, precision, weights));
        long extraParameters = model.inventory().extraModuleParameters();
        long weightTotal = weights.total();
        if (extraParameters > 0) {
            weightTotal = includeExtraModule ? checked("weights", () -> Math.addExact(weights.total(),
                    weights.extraModule())) : weights.total();
            derivation.add("%s: %s params = %s B, %s".formatted(capitalized(model.inventory().extraModuleName()),
                    grouped(extraParameters), grouped(weights.extraModule()), includeExtraModule
                            ? "included"
                            : "not included (engines load it only for speculative decoding; set includeExtraModule)"));
        }

        KvLayout layout = model.kvLayout();
        Dtype kv = precision.kvCache();
        long perToken = checked("KV cache per token", () -> MemoryFormulas.kvBytesPerSequence(layout, kv, 1));
        derivation.add(perTokenLine(model, kv, perToken));

        long kvCache = checked("KV cache", () -> MemoryFormulas.kvCacheBytes(workload.batchSize(),
                MemoryFormulas.kvBytesPerSequence(layout, kv, workload.sequenceLength())));
        derivation.add(kvCacheLine(layout, kv, workload, perToken, kvCache));

        long finalWeights = weightTotal;
        long total = checked("total", () -> MemoryFormulas.totalBytes(finalWeights, kvCache));
        derivation.add("Total = %s B weights + %s B KV cache = %s B (%s)".formatted(
                grouped(weightTotal), grouped(kvCache), grouped(total), decimal(total)));

        return new MemoryEstimate(model, precision, workload, weightTotal, weights.bytesByPart(),
                weights.quantizedParameters(), weights.sixteenBitParameters(), weights.extraModule(),
                includeExtraModule && extraParameters > 0, perToken, kvCache, total, derivation);
    }

    private static String weightLine(ModelArchitecture model, Precision precision, WeightFormulas.WeightBytes w) {
        Dtype format = precision.weights();
        String name = formatName(precision);
        if (format.floatingPoint16OrWider() || w.sixteenBitParameters() == 0) {
            if (format.storage() == Dtype.Storage.PLAIN) {
                return "Weights = %s params x %s (%s) = %s B (%s)".formatted(grouped(model.parameters()),
                        format.bytesPerElementLabel(), format.id(), grouped(w.total()), decimal(w.total()));
            }
            return "Weights = %s params in %s = %s B (%s)".formatted(grouped(model.parameters()), name,
                    grouped(w.total()), decimal(w.total()));
        }
        long quantizedBytes = w.total() - w.keptBytes();
        String kept = format.gguf() ? "kept in f32 (norms, biases, routers)"
                : "kept in 16-bit (embeddings, output head, norms, biases, routers)";
        String quantized = format.gguf() ? "matrices (embeddings and head included)" : "linear layers";
        return "Weights = %s params of %s in %s = %s B + %s params %s = %s B; total %s B (%s)".formatted(
                grouped(w.quantizedParameters()), quantized, name, grouped(quantizedBytes),
                grouped(w.sixteenBitParameters()), kept, grouped(w.total() - quantizedBytes), grouped(w.total()),
                decimal(w.total()));
    }

    private static String formatName(Precision precision) {
        Dtype format = precision.weights();
        if (format.grouped()) {
            return format.id() + " (4-bit, group " + (precision.groupSize() <= 0 ? "per channel" : precision.groupSize())
                    + ", scales and zeros included)";
        }
        return switch (format.storage()) {
            case FP8_BLOCK -> "fp8_block (1 B + an fp32 scale per 128 x 128 block)";
            case NF4 -> "nf4 (0.5 B + an fp32 absmax per 64)";
            case NF4_DOUBLE -> "nf4_double (0.5 B + double-quantized absmax)";
            case BLOCKS, GGUF -> format.id() + " (" + format.blockBytes() + " B per " + format.blockElements() + ")";
            case GGUF_MIX -> format.id() + " (llama.cpp's per-tensor mix)";
            default -> format.id();
        };
    }

    private static String perTokenLine(ModelArchitecture model, Dtype kv, long perToken) {
        if (model.mla() != null) {
            return ("KV cache per token = %s layers x (%s latent + %s rope) x %s (%s) = %s B (MLA: one compressed "
                    + "latent per layer, shared by K and V)").formatted(grouped(model.numLayers()),
                    grouped(model.mla().kvLoraRank()), grouped(model.mla().qkRopeHeadDim()), kv.bytesPerElementLabel(), kv.id(),
                    grouped(perToken));
        }
        return "KV cache per token = %d (K and V) x %s layers x (%s KV heads x %s) x %s (%s) = %s B".formatted(
                KvLayout.KEY_AND_VALUE, grouped(model.numLayers()), grouped(model.numKeyValueHeads()),
                grouped(model.headDim()), kv.bytesPerElementLabel(), kv.id(), grouped(perToken));
    }

    private static String kvCacheLine(KvLayout layout, Dtype kv, Workload workload, long perToken, long kvCache) {
        boolean anySliding = layout.groups().stream().anyMatch(KvLayout.LayerGroup::sliding);
        if (!anySliding) {
            return "KV cache = %s sequences x %s tokens x %s B = %s B (%s)".formatted(
                    grouped(workload.batchSize()), grouped(workload.sequenceLength()), grouped(perToken),
                    grouped(kvCache), decimal(kvCache));
        }
        List<String> terms = new ArrayList<>();
        for (KvLayout.LayerGroup group : layout.groups()) {
            terms.add(group.sliding()
                    ? "%s sliding layers x %s tokens (window %s)".formatted(grouped(group.layers()),
                            grouped(group.tokensHeld(workload.sequenceLength())), grouped(group.window()))
                    : "%s full-attention layers x %s tokens".formatted(grouped(group.layers()),
                            grouped(workload.sequenceLength())));
        }
        long perLayerToken = MemoryFormulas.kvBytesPerLayerToken(layout.groups().get(0), kv);
        return "KV cache = %s sequences x (%s) x %s B per layer and token = %s B (%s)".formatted(
                grouped(workload.batchSize()), String.join(" + ", terms), grouped(perLayerToken),
                grouped(kvCache), decimal(kvCache));
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** The formula's result; an overflow becomes an {@link EstimateOverflowException} naming the quantity. */
    private static <T> T checked(String quantity, Supplier<T> formula) {
        try {
            return formula.get();
        } catch (ArithmeticException overflow) {
            throw new EstimateOverflowException(quantity);
        }
    }
}
