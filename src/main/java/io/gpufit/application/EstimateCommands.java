package io.gpufit.application;

import io.gpufit.estimate.Bytes;
import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.Precision;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.QuantizationSpec;
import io.gpufit.plan.FitPlanner;
import io.gpufit.plan.Inventory;
import io.gpufit.plan.PlanOptions;
import io.gpufit.plan.ServingEngine;
import io.gpufit.serving.TextbookEngine;
import io.gpufit.serving.VllmSettings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Translates an input into an {@link EstimateCommand}: checks what a single field cannot show
 * (rules across fields, names to look up) and applies the defaults. Every problem found is
 * reported at once, in the order: model, formats, GPUs, engine.
 */
@Component
public class EstimateCommands {

    static final BigDecimal DEFAULT_MEMORY_UTILIZATION = new BigDecimal("0.9");

    private final GpuSelection gpus;
    private final ModelRules models;

    public EstimateCommands(GpuSelection gpus, ModelSource models) {
        this.gpus = gpus;
        this.models = new ModelRules(models);
    }

    /** The GPU names' resolution, for the checks a batch makes once for all its scenarios. */
    GpuSelection gpus() {
        return gpus;
    }

    /** What {@code kvCacheDtype} accepts: {@code auto} (the model's activation dtype), then every KV cache format. */
    public static List<String> kvCacheValues() {
        return PrecisionRules.kvCacheValues();
    }

    /** @throws InvalidInputException listing every violation */
    public EstimateCommand toCommand(EstimateInput input) {
        List<Violation> violations = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        ModelArchitecture model = models.model(input, violations);
        Optional<PrecisionRules.Formats> formats =
                model == null ? Optional.empty() : PrecisionRules.precision(input, model, violations, notes);
        List<GpuProfile> candidates = gpus.candidates(input.gpus(), violations);
        Inventory inventory = input.inventory() == null ? null : gpus.inventory(input.inventory(), violations);
        VllmSettings engine =
                EngineRules.settings(input, model, formats.map(PrecisionRules.Formats::precision), violations, notes);

        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        Precision chosen = formats.orElseThrow().precision();
        String kvOrigin = formats.get().kvCacheOrigin();
        if (engine != null && engine.kvCacheDtype() != null) {
            chosen = new Precision(chosen.weights(), engine.kvCacheDtype(), chosen.groupSize());
            kvOrigin = "requested (engine.kvCacheDtype)";
        }
        if (engine != null && engine.quantization() != null) {
            // --quantization fp8: the linear layers' weights become fp8 while loading; the KV cache keeps
            // the activation dtype it was given from the 16-bit weights
            chosen = new Precision(Dtype.FP8, chosen.kvCache(), 0);
        }
        QuantizationSpec checkpoint = model.quantization();
        if (checkpoint != null && !checkpoint.format().equals(chosen.weights().id())) {
            model = model.withoutQuantization();
        }
        contextNote(input, model).ifPresent(notes::add);
        BigDecimal utilization =
                input.memoryUtilization() == null ? DEFAULT_MEMORY_UTILIZATION : input.memoryUtilization();
        // No engine named: the textbook estimate is the engine, with a minimum headroom for the runtime.
        Long minHeadroom = null;
        ServingEngine servingEngine;
        if (engine == null) {
            minHeadroom = input.minHeadroomBytes() == null
                    ? TextbookEngine.DEFAULT_MIN_HEADROOM_BYTES
                    : input.minHeadroomBytes();
            servingEngine = new TextbookEngine(utilization, minHeadroom);
        } else {
            servingEngine =
                    SupportedEngine.fromId(input.engine().name()).orElseThrow().engine(engine);
        }
        return new EstimateCommand(
                model,
                chosen,
                new Workload(input.batchSize(), input.sequenceLength()),
                Boolean.TRUE.equals(input.includeExtraModule()),
                candidates,
                utilization,
                servingEngine,
                notes,
                kvOrigin,
                minHeadroom,
                bf16Origin(chosen, formats.get(), kvOrigin),
                new PlanOptions(Boolean.TRUE.equals(input.allowMig()), inventory),
                PrecisionRules.servedDtype(model.torchDtype()));
    }

    /** A sequence longer than the model's context: both numbers, and what an engine does with it. */
    private static Optional<String> contextNote(EstimateInput input, ModelArchitecture model) {
        Integer context = model.maxPositionEmbeddings();
        if (context == null || input.sequenceLength() <= context) {
            return Optional.empty();
        }
        return Optional.of(("sequenceLength %s exceeds the model's context of %s (max_position_embeddings): the "
                        + "model was not trained past it, and vLLM refuses it unless max_model_len is raised with "
                        + "VLLM_ALLOW_LONG_MAX_MODEL_LEN=1")
                .formatted(Bytes.grouped(input.sequenceLength()), Bytes.count(context, "token")));
    }

    /**
     * Which formats are BF16 and where they came from, for the warning about GPUs without native
     * BF16: {@code requested} only when the request asked for BF16, else the config's torch_dtype
     * (the only other way a format becomes BF16: the weights served as it, the KV cache in the
     * activation dtype).
     */
    private static String bf16Origin(Precision precision, PrecisionRules.Formats formats, String kvOrigin) {
        String what = FitPlanner.bf16Formats(precision);
        if (precision.weights() == Dtype.BF16 && formats.weightsOrigin().startsWith("requested")) {
            return what + " requested (weightDtype)";
        }
        if (precision.kvCache() == Dtype.BF16 && kvOrigin.startsWith("requested")) {
            return what + " requested (" + (kvOrigin.contains("engine.") ? "engine.kvCacheDtype" : "kvCacheDtype")
                    + ")";
        }
        return what + " from the model's torch_dtype bfloat16";
    }
}
