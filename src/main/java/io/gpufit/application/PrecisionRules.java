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
 * required.
 */
final class PrecisionRules {

    private PrecisionRules() {}

    /** The formats, or empty when any is wrong (each problem reported). */
    static Optional<Precision> precision(
            EstimateInput input, ModelArchitecture model, List<Violation> violations, List<String> notes) {
        Optional<Dtype> weights = weights(input, model, violations, notes);
        Optional<Dtype> kv = kvCache(input, model, weights, violations);
        int groupSize = groupSize(input, model.quantization(), weights, violations);
        if (weights.isEmpty() || kv.isEmpty() || !violations.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Precision(weights.get(), kv.get(), groupSize));
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

    /** As given, else the weights' format when it can hold a KV cache, else the checkpoint's 16-bit type. */
    private static Optional<Dtype> kvCache(
            EstimateInput input, ModelArchitecture model, Optional<Dtype> weights, List<Violation> violations) {
        if (input.kvCacheDtype() == null) {
            return weights.map(w -> w.kvCacheFormat() ? w : servedDtype(model.torchDtype()));
        }
        Optional<Dtype> kv = dtype("kvCacheDtype", input.kvCacheDtype(), Dtype.kvCacheIds(), violations);
        if (kv.isPresent() && !kv.get().kvCacheFormat()) {
            violations.add(new Violation(
                    "kvCacheDtype",
                    input.kvCacheDtype(),
                    "is not a KV cache format; allowed: " + String.join(", ", Dtype.kvCacheIds())));
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
    private static Dtype servedDtype(String torchDtype) {
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
