package io.gpufit.application;

import io.gpufit.estimate.Bytes;
import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.Precision;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.serving.VllmSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The engine settings of an input, checked against the rest of it and against the model. */
final class EngineRules {

    /** The engine whose settings are modelled, whatever the name given. */
    private static final SupportedEngine MODELLED = SupportedEngine.VLLM;

    /** The one runtime quantization modelled: vLLM's {@code --quantization fp8}. */
    static final String RUNTIME_FP8 = "fp8";

    private EngineRules() {}

    /**
     * The settings, or null without an engine or when any is wrong (each problem reported).
     *
     * @param model     the model, or null when it could not be resolved (then nothing is checked against it)
     * @param precision the formats resolved so far, to check a KV cache format given twice
     */
    static VllmSettings settings(
            EstimateInput input,
            ModelArchitecture model,
            Optional<Precision> precision,
            List<Violation> violations,
            List<String> notes) {
        EngineInput engine = input.engine();
        if (engine == null) {
            return null;
        }
        int before = violations.size();
        checkEngine(input, engine, violations);
        Dtype kv = kvCacheDtype(input, engine, precision, violations);
        if (model != null) {
            notes.addAll(notes(engine, model));
        }
        VllmSettings settings = new VllmSettings(
                engine.version(),
                engine.gpuMemoryUtilization(),
                engine.maxModelLen(),
                engine.maxNumSeqs(),
                engine.maxNumBatchedTokens(),
                engine.blockSize(),
                engine.tensorParallelSize(),
                engine.pipelineParallelSize(),
                kv,
                engine.quantization() == null ? null : engine.quantization().toLowerCase(java.util.Locale.ROOT));
        if (model != null) {
            checkParallelism(settings, model, violations);
        }
        if (settings.quantization() != null
                && precision.isPresent()
                && precision.get().weights() != Dtype.BF16
                && precision.get().weights() != Dtype.FP16) {
            violations.add(new Violation(
                    "engine.quantization",
                    engine.quantization(),
                    "quantizes 16-bit weights while loading; the weights here are "
                            + precision.get().weights().id() + ": remove it, or set weightDtype to bf16 or fp16"));
        }
        return violations.size() > before ? null : settings;
    }

    /** The name, the version, and no engine-less utilization beside it. */
    private static void checkEngine(EstimateInput input, EngineInput engine, List<Violation> violations) {
        if (SupportedEngine.fromId(engine.name()).isEmpty()) {
            violations.add(new Violation(
                    "engine.name",
                    engine.name(),
                    "unknown engine; allowed: " + String.join(", ", SupportedEngine.ids())));
        }
        if (engine.version() != null && !MODELLED.knowsVersion(engine.version())) {
            violations.add(new Violation(
                    "engine.version",
                    engine.version(),
                    "unknown vLLM version; known: " + MODELLED.knownVersions()
                            + " (0.N or 0.N.P; 0.20 behaves as 0.19, later releases as 0.21)"));
        }
        if (engine.quantization() != null && !engine.quantization().equalsIgnoreCase(RUNTIME_FP8)) {
            violations.add(new Violation(
                    "engine.quantization",
                    engine.quantization(),
                    "allowed: fp8 (vLLM's --quantization fp8: a 16-bit checkpoint quantized to fp8 while loading)"));
        }
        if (input.memoryUtilization() != null) {
            violations.add(new Violation(
                    "memoryUtilization",
                    input.memoryUtilization(),
                    "does not apply with an engine; set engine.gpuMemoryUtilization"));
        }
        if (input.minHeadroomBytes() != null) {
            violations.add(new Violation(
                    "minHeadroomBytes",
                    input.minHeadroomBytes(),
                    "does not apply with an engine: its budget already reserves the runtime's memory (CUDA "
                            + "context, activations); remove it, or remove engine for the textbook estimate"));
        }
    }

    /** The engine's KV cache format: null for auto (the model's), else one it accepts and no other given. */
    private static Dtype kvCacheDtype(
            EstimateInput input, EngineInput engine, Optional<Precision> precision, List<Violation> violations) {
        if (engine.kvCacheDtype() == null || engine.kvCacheDtype().equalsIgnoreCase(SupportedEngine.AUTO)) {
            return null;
        }
        Dtype kv = Dtype.fromId(engine.kvCacheDtype())
                .filter(MODELLED.kvCacheDtypes()::contains)
                .orElse(null);
        if (kv == null) {
            violations.add(new Violation(
                    "engine.kvCacheDtype", engine.kvCacheDtype(), allowedKvCacheDtypes(engine.kvCacheDtype())));
        } else if (input.kvCacheDtype() != null
                && precision.isPresent()
                && precision.get().kvCache() != kv) {
            violations.add(new Violation(
                    "engine.kvCacheDtype",
                    engine.kvCacheDtype(),
                    "contradicts kvCacheDtype " + input.kvCacheDtype() + "; give one of them"));
        }
        return kv;
    }

    /** "allowed: auto, fp16, bf16, fp8", after "did you mean ...?" when a value comes close. */
    private static String allowedKvCacheDtypes(String value) {
        List<String> close =
                Suggestions.closest(value, PrecisionRules.namesById(MODELLED.kvCacheDtypeIds()), Dtype::normalise);
        return (close.isEmpty() ? "" : Suggestions.didYouMean(close) + " ") + "allowed: "
                + String.join(", ", MODELLED.kvCacheDtypeIds())
                + " (vLLM's fp8_e4m3 and fp8_e5m2 are fp8: one byte per element)";
    }

    private static List<String> notes(EngineInput engine, ModelArchitecture model) {
        List<String> notes = new ArrayList<>();
        if (model.explicitSizes()) {
            notes.add("engine with explicit sizes: the activation peak (MLP width, vocabulary) is unknown and counted "
                    + "as 0; name the model or paste its config.json for a calibrated budget");
        }
        if (engine.maxModelLen() != null
                && model.maxPositionEmbeddings() != null
                && engine.maxModelLen() > model.maxPositionEmbeddings()) {
            notes.add("engine.maxModelLen " + engine.maxModelLen() + " exceeds the model's max_position_embeddings ("
                    + model.maxPositionEmbeddings() + "): vLLM refuses it unless VLLM_ALLOW_LONG_MAX_MODEL_LEN=1");
        }
        return notes;
    }

    /** Fixed TP and PP sizes must split the model's heads and layers; the size at fault is blamed. */
    private static void checkParallelism(VllmSettings settings, ModelArchitecture model, List<Violation> violations) {
        if (settings.tensorParallelSize() == null && settings.pipelineParallelSize() == null) {
            return;
        }
        Parallelism parallelism = new Parallelism(
                settings.tensorParallelSize() == null ? 1 : settings.tensorParallelSize(),
                settings.pipelineParallelSize() == null ? 1 : settings.pipelineParallelSize());
        parallelism.invalidity(model).ifPresent(invalid -> {
            boolean pipeline = invalid.dimension() == Parallelism.Invalidity.Dimension.PP;
            violations.add(new Violation(
                    pipeline ? "engine.pipelineParallelSize" : "engine.tensorParallelSize",
                    pipeline ? settings.pipelineParallelSize() : settings.tensorParallelSize(),
                    invalid.reason() + " of " + (model.modelId() == null ? "the model" : model.modelId()) + " ("
                            + Bytes.count(model.numAttentionHeads(), "head") + ", "
                            + Bytes.count(model.numKeyValueHeads(), "KV head") + ")"));
        });
    }
}
