package io.gpufit.application;

import io.gpufit.estimate.Precision;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.QuantizationSpec;
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

    /** @throws InvalidInputException listing every violation */
    public EstimateCommand toCommand(EstimateInput input) {
        List<Violation> violations = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        ModelArchitecture model = models.model(input, violations);
        Optional<Precision> precision =
                model == null ? Optional.empty() : PrecisionRules.precision(input, model, violations, notes);
        List<GpuProfile> candidates = gpus.candidates(input.gpus(), violations);
        VllmSettings engine = EngineRules.settings(input, model, precision, violations, notes);

        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        Precision chosen = precision.orElseThrow();
        if (engine != null && engine.kvCacheDtype() != null) {
            chosen = new Precision(chosen.weights(), engine.kvCacheDtype(), chosen.groupSize());
        }
        QuantizationSpec checkpoint = model.quantization();
        if (checkpoint != null && !checkpoint.format().equals(chosen.weights().id())) {
            model = model.withoutQuantization();
        }
        BigDecimal utilization =
                input.memoryUtilization() == null ? DEFAULT_MEMORY_UTILIZATION : input.memoryUtilization();
        // No engine named: the textbook estimate is the engine.
        ServingEngine servingEngine = engine == null
                ? new TextbookEngine(utilization)
                : SupportedEngine.fromId(input.engine().name()).orElseThrow().engine(engine);
        return new EstimateCommand(
                model,
                chosen,
                new Workload(input.batchSize(), input.sequenceLength()),
                Boolean.TRUE.equals(input.includeExtraModule()),
                candidates,
                utilization,
                servingEngine,
                notes);
    }
}
