package io.gpufit.estimate;

import static io.gpufit.estimate.Bytes.decimal;
import static io.gpufit.estimate.Bytes.grouped;

import io.gpufit.model.KvLayout;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.ParameterInventory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Applies {@link MemoryFormulas} and {@link WeightFormulas} to a model and workload and writes down each step. */
public final class MemoryEstimator {

    private MemoryEstimator() {}

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
    public static MemoryEstimate estimate(
            ModelArchitecture model, Precision precision, Workload workload, boolean includeExtraModule) {
        List<String> derivation = new ArrayList<>();
        Dtype format = precision.weights();

        WeightFormulas.WeightBytes weights =
                checked("weights", () -> WeightFormulas.weightBytes(model, format, precision.groupSize()));
        derivation.add(weightLine(model, precision, weights));
        long extraParameters = model.inventory().extraModuleParameters();
        boolean extraIncluded = includeExtraModule && extraParameters > 0;
        long weightTotal = extraIncluded
                ? checked("weights", () -> Math.addExact(weights.total(), weights.extraModule()))
                : weights.total();
        if (extraParameters > 0) {
            derivation.add(extraModuleLine(model, weights, extraIncluded));
        }

        KvLayout layout = model.kvLayout();
        Dtype kv = precision.kvCache();
        long perToken = checked("KV cache per token", () -> MemoryFormulas.kvBytesPerSequence(layout, kv, 1));
        derivation.add(perTokenLine(model, kv, perToken));

        long kvCache = checked(
                "KV cache",
                () -> MemoryFormulas.kvCacheBytes(
                        workload.batchSize(),
                        MemoryFormulas.kvBytesPerSequence(layout, kv, workload.sequenceLength())));
        derivation.add(kvCacheTerm(layout, kv, workload, perToken, kvCache).lineWithSize());

        long finalWeights = weightTotal;
        long total = checked("total", () -> MemoryFormulas.totalBytes(finalWeights, kvCache));
        derivation.add(new Term(
                        "Total",
                        "%s B weights + %s B KV cache".formatted(grouped(weightTotal), grouped(kvCache)),
                        total)
                .lineWithSize());

        return new MemoryEstimate(
                model,
                precision,
                workload,
                weightTotal,
                weights.bytesByPart(),
                weights.quantizedParameters(),
                weights.sixteenBitParameters(),
                weights.extraModule(),
                extraIncluded,
                perToken,
                kvCache,
                total,
                derivation);
    }

    private static String extraModuleLine(
            ModelArchitecture model, WeightFormulas.WeightBytes weights, boolean included) {
        ParameterInventory inventory = model.inventory();
        Term extra = new Term(
                capitalized(inventory.extraModuleName()),
                grouped(inventory.extraModuleParameters()) + " params",
                weights.extraModule());
        return extra.label() + ": " + extra.equation() + ", "
                + (included
                        ? "included"
                        : "not included (engines load it only for speculative decoding; set includeExtraModule)");
    }

    private static String weightLine(ModelArchitecture model, Precision precision, WeightFormulas.WeightBytes w) {
        Dtype format = precision.weights();
        String name = formatName(precision);
        if (format.floatingPoint16OrWider() || w.sixteenBitParameters() == 0) {
            String formula = format.storage() == Dtype.Storage.PLAIN
                    ? "%s params x %s (%s)"
                            .formatted(grouped(model.parameters()), format.bytesPerElementLabel(), format.id())
                    : "%s params in %s".formatted(grouped(model.parameters()), name);
            return new Term("Weights", formula, w.total()).lineWithSize();
        }
        String kept = format.gguf()
                ? "kept in f32 (norms, biases, routers)"
                : "kept in 16-bit (embeddings, output head, norms, biases, routers)";
        String quantized = format.gguf() ? "matrices (embeddings and head included)" : "linear layers";
        Term quantizedPart = new Term(
                "quantized",
                "%s params of %s in %s".formatted(grouped(w.quantizedParameters()), quantized, name),
                Math.subtractExact(w.total(), w.keptBytes()));
        Term keptPart =
                new Term("kept", "%s params %s".formatted(grouped(w.sixteenBitParameters()), kept), w.keptBytes());
        long total = Term.sum(List.of(quantizedPart, keptPart));
        return "Weights = %s + %s; total %s B (%s)"
                .formatted(quantizedPart.equation(), keptPart.equation(), grouped(total), decimal(total));
    }

    private static String formatName(Precision precision) {
        Dtype format = precision.weights();
        if (format.grouped()) {
            return format.id() + " (4-bit, group "
                    + (precision.groupSize() <= 0 ? "per channel" : precision.groupSize())
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
            return new Term(
                                    "KV cache per token",
                                    "%s x (%s latent + %s rope) x %s (%s)"
                                            .formatted(
                                                    Bytes.count(model.numLayers(), "layer"),
                                                    grouped(model.mla().kvLoraRank()),
                                                    grouped(model.mla().qkRopeHeadDim()),
                                                    kv.bytesPerElementLabel(),
                                                    kv.id()),
                                    perToken)
                            .line()
                    + " (MLA: one compressed latent per layer, shared by K and V)";
        }
        return new Term(
                        "KV cache per token",
                        "%d (K and V) x %s x (%s x %s) x %s (%s)"
                                .formatted(
                                        KvLayout.KEY_AND_VALUE,
                                        Bytes.count(model.numLayers(), "layer"),
                                        Bytes.count(model.numKeyValueHeads(), "KV head"),
                                        grouped(model.headDim()),
                                        kv.bytesPerElementLabel(),
                                        kv.id()),
                        perToken)
                .line();
    }

    /**
     * The pre-allocated KV cache. With sliding windows, layer group by layer group: its layers x
     * the tokens they hold, times the bytes a layer caches per token (written once when every group
     * caches alike, else per group).
     */
    private static Term kvCacheTerm(KvLayout layout, Dtype kv, Workload workload, long perToken, long kvCache) {
        String sequences = Bytes.count(workload.batchSize(), "sequence");
        if (!layout.anySliding()) {
            return new Term(
                    "KV cache",
                    "%s x %s x %s B"
                            .formatted(sequences, Bytes.count(workload.sequenceLength(), "token"), grouped(perToken)),
                    kvCache);
        }
        List<Long> widths = layout.groups().stream()
                .map(g -> MemoryFormulas.kvBytesPerLayerToken(g, kv))
                .toList();
        boolean alike = widths.stream().distinct().count() == 1;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < widths.size(); i++) {
            KvLayout.LayerGroup group = layout.groups().get(i);
            String tokens = Bytes.count(group.tokensHeld(workload.sequenceLength()), "token");
            String part = group.sliding()
                    ? "%s x %s (window %s)"
                            .formatted(Bytes.count(group.layers(), "sliding layer"), tokens, grouped(group.window()))
                    : "%s x %s".formatted(Bytes.count(group.layers(), "full-attention layer"), tokens);
            parts.add(alike ? part : part + " x " + grouped(widths.get(i)) + " B");
        }
        String formula = "%s x (%s)".formatted(sequences, String.join(" + ", parts));
        return new Term(
                "KV cache",
                alike ? formula + " x " + grouped(widths.get(0)) + " B per layer and token" : formula,
                kvCache);
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
