package io.gpufit.application;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.Precision;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.QuantizationSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Weight and KV cache formats: as given, else the checkpoint's quantization, else its
 * {@code torch_dtype} as vLLM serves it. Explicit sizes have no checkpoint: their weight format is
 * required. The KV cache defaults to the model's activation dtype ({@link #activationDtype}).
 */
final class PrecisionRules {

    /** The KV cache setting that keeps the model's activation dtype, as vLLM's {@code --kv-cache-dtype auto}. */
    static final String AUTO = SupportedEngine.AUTO;

    private PrecisionRules() {}

    /**
     * The formats and where each came from.
     *
     * @param weightsOrigin where the weight format came from, e.g. {@code requested (weightDtype)}
     * @param kvCacheOrigin where the KV cache format came from, e.g. {@code auto: the activation dtype, torch_dtype bfloat16}
     */
    record Formats(Precision precision, String weightsOrigin, String kvCacheOrigin) {}

    /** What {@code kvCacheDtype} accepts: {@code auto}, then every KV cache format. */
    static List<String> kvCacheValues() {
        List<String> values = new ArrayList<>();
        values.add(AUTO);
        values.addAll(Dtype.kvCacheIds());
        return List.copyOf(values);
    }

    /** The formats, or empty when any is wrong (each problem reported). */
    static Optional<Formats> precision(
            EstimateInput input, ModelArchitecture model, List<Violation> violations, List<String> notes) {
        Optional<Dtype> weights = weights(input, model, violations, notes);
        Optional<Dtype> kv = kvCache(input, weights, violations);
        int groupSize = groupSize(input, model.quantization(), weights, violations);
        if (weights.isEmpty() || !violations.isEmpty()) {
            return Optional.empty();
        }
        Dtype w = weights.get();
        Dtype cache = kv.orElseGet(() -> activationDtype(w, model.torchDtype()));
        String kvOrigin = kv.isPresent() ? "requested (kvCacheDtype)" : activationOrigin(w, model);
        return Optional.of(new Formats(new Precision(w, cache, groupSize), weightsOrigin(input, model), kvOrigin));
    }

    /**
     * The KV cache format when none is given, or {@code auto}: the dtype the model computes in, never
     * the weights' storage format. vLLM's {@code --kv-cache-dtype auto} (its default) stores K and V in
     * the model's activation dtype ({@code --dtype}), whatever the weights' quantization (GPTQ, AWQ,
     * FP8, INT8...), and llama.cpp's cache defaults to f16 ({@code --cache-type-k/-v f16}) whatever the
     * GGUF's weight type. So: the weights' format when it is a float format (fp32, fp16, bf16; vLLM
     * with {@code --dtype float32} keeps an fp32 cache), else the 16-bit type the model computes in:
     * bf16 when its config's {@code torch_dtype} is bfloat16, else fp16 (also for explicit sizes,
     * which have no config).
     */
    static Dtype activationDtype(Dtype weights, String torchDtype) {
        return weights.floatingPoint16OrWider() ? weights : servedDtype(torchDtype);
    }

    /** Where {@link #activationDtype} took the KV cache format from, for the response. */
    private static String activationOrigin(Dtype weights, ModelArchitecture model) {
        if (weights.floatingPoint16OrWider()) {
            return "auto: the activation dtype, the weights' " + weights.id();
        }
        String computes = model.explicitSizes()
                ? "fp16 (explicit sizes have no torch_dtype)"
                : model.torchDtype() == null
                        ? "fp16 (no torch_dtype in the config)"
                        : "torch_dtype " + model.torchDtype() + " as "
                                + servedDtype(model.torchDtype()).id();
        return "auto: the activation dtype, " + computes + "; not the " + weights.id() + " weights' format";
    }

    private static String weightsOrigin(EstimateInput input, ModelArchitecture model) {
        if (input.weightDtype() != null) {
            return "requested (weightDtype)";
        }
        return model.quantization() != null
                ? "the checkpoint's quantization_config"
                : "the model's torch_dtype " + (model.torchDtype() == null ? "(absent)" : model.torchDtype());
    }

    private static boolean auto(String kvCacheDtype) {
        return kvCacheDtype == null || kvCacheDtype.strip().equalsIgnoreCase(AUTO);
    }

    private static Optional<Dtype> weights(
            EstimateInput input, ModelArchitecture model, List<Violation> violations, List<String> notes) {
        QuantizationSpec checkpoint = model.quantization();
        if (input.weightDtype() != null) {
            Optional<Dtype> weights = dtype("weightDtype", input.weightDtype(), Dtype.ids(), violations);
            if (checkpoint != null && weights.isPresent() && !weights.get().id().equals(checkpoint.format())) {
                notes.add("weightDtype " + weights.get().id() + " overrides the checkpoint's " + checkpoint.method()
                        + " quantization (" + checkpoint.format() + ")");
            }
            return weights;
        }
        if (model.explicitSizes()) {
            violations.add(new Violation(
                    "weightDtype",
                    null,
                    "is required with explicit sizes; allowed: " + String.join(", ", Dtype.ids())));
            return Optional.empty();
        }
        if (checkpoint != null) {
            notes.add("weightDtype " + checkpoint.format() + " from the checkpoint's " + checkpoint.method()
                    + " quantization_config");
            return Dtype.fromId(checkpoint.format());
        }
        Dtype served = servedDtype(model.torchDtype());
        notes.add("weightDtype " + served.id() + " from torch_dtype "
                + (model.torchDtype() == null ? "(absent)" : model.torchDtype()) + ", as vLLM serves it");
        return Optional.of(served);
    }

    /** As given; empty for auto (absent or {@code auto}: see {@link #activationDtype}) or when wrong. */
    private static Optional<Dtype> kvCache(EstimateInput input, Optional<Dtype> weights, List<Violation> violations) {
        if (auto(input.kvCacheDtype())) {
            return Optional.empty();
        }
        Optional<Dtype> kv = dtype("kvCacheDtype", input.kvCacheDtype(), kvCacheValues(), violations);
        if (kv.isPresent() && !kv.get().kvCacheFormat()) {
            violations.add(new Violation(
                    "kvCacheDtype",
                    input.kvCacheDtype(),
                    "is not a KV cache format; allowed: " + String.join(", ", kvCacheValues())));
            return Optional.empty();
        }
        return kv;
    }

    /** As given (gptq and awq only), else the checkpoint's, else {@link Precision#DEFAULT_GROUP_SIZE}. */
    private static int groupSize(
            EstimateInput input, QuantizationSpec checkpoint, Optional<Dtype> weights, List<Violation> violations) {
        if (input.weightGroupSize() == null) {
            return checkpoint != null && checkpoint.groupSize() != 0
                    ? checkpoint.groupSize()
                    : Precision.DEFAULT_GROUP_SIZE;
        }
        int requested = input.weightGroupSize();
        if (weights.isPresent() && !weights.get().grouped()) {
            violations.add(
                    new Violation("weightGroupSize", input.weightGroupSize(), "only applies to gptq and awq weights"));
        } else if (requested == 0) {
            violations.add(new Violation("weightGroupSize", 0, "must be -1 (per output channel) or from 1 to 65,536"));
        }
        return requested;
    }

    /** vLLM's {@code --dtype auto}: bfloat16 stays bf16; float16 and float32 are served as fp16. */
    static Dtype servedDtype(String torchDtype) {
        return "bfloat16".equals(torchDtype) ? Dtype.BF16 : Dtype.FP16;
    }

    private static Optional<Dtype> dtype(String field, String value, List<String> allowed, List<Violation> violations) {
        Optional<Dtype> dtype = Dtype.fromId(value);
        if (dtype.isEmpty()) {
            violations.add(new Violation(field, value, unknownDtype(value, allowed)));
        }
        return dtype;
    }

    /** "unknown dtype; did you mean bf16? allowed: ..." (the closest of {@code allowed}, aliases counted). */
    static String unknownDtype(String value, List<String> allowed) {
        List<String> close = Suggestions.closest(value, namesById(allowed), Dtype::normalise);
        return "unknown dtype; " + (close.isEmpty() ? "" : Suggestions.didYouMean(close) + " ") + "allowed: "
                + String.join(", ", allowed);
    }

    /** Each allowed id with its aliases ({@code bf16}: bf16, bfloat16). */
    static Map<String, List<String>> namesById(List<String> allowed) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (String id : allowed) {
            List<String> all = new ArrayList<>();
            all.add(id);
            Dtype.fromId(id).ifPresent(d -> all.addAll(d.aliases()));
            names.put(id, all);
        }
        return names;
    }
}
