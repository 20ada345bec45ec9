package io.gpufit.web;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.Precision;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuCatalog;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.InvalidModelConfigException;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.ModelConfigReader;
import io.gpufit.model.QuantizationSpec;
import io.gpufit.serving.VllmEngine;
import io.gpufit.serving.VllmSettings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Checks what Bean Validation cannot (rules across fields, names to look up) and applies the
 * defaults. Every problem found is reported at once.
 */
@Component
class EstimateRequestMapper {

    static final BigDecimal DEFAULT_MEMORY_UTILIZATION = new BigDecimal("0.9");

    private final GpuCatalog gpuCatalog;
    private final ModelSource models;

    EstimateRequestMapper(GpuCatalog gpuCatalog, ModelSource models) {
        this.gpuCatalog = gpuCatalog;
        this.models = models;
    }

    EstimateCommand toCommand(EstimateRequest request) {
        List<Violation> violations = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        ModelArchitecture model = model(request, violations);
        Optional<Precision> precision = model == null ? Optional.empty()
                : precision(request, model, violations, notes);
        List<GpuProfile> gpus = gpus(request.gpus(), violations);
        VllmSettings engine = engine(request, model, precision, violations, notes);

        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        Precision chosen = precision.orElseThrow();
        if (engine != null && engine.kvCacheDtype() != null) {
            chosen = new Precision(chosen.weights(), engine.kvCacheDtype(), chosen.groupSize());
        }
        QuantizationSpec checkpoint = model.quantization();
        if (checkpoint != null && !checkpoint.format().equals(chosen.weights().id())) {
            model = model.withoutQuantization();
        }
        return new EstimateCommand(model, chosen,
                new Workload(request.batchSize().intValueExact(), request.sequenceLength().intValueExact()),
                Boolean.TRUE.equals(request.includeExtraModule()), gpus,
                request.memoryUtilization() == null ? DEFAULT_MEMORY_UTILIZATION : request.memoryUtilization(), engine,
                notes);
    }

    /** Exactly one of: a model id, a pasted config, explicit sizes. */
    private ModelArchitecture model(EstimateRequest request, List<Violation> violations) {
        boolean explicit = request.parameters() != null || request.parametersBillions() != null;
        int ways = (request.model() != null ? 1 : 0) + (request.modelConfig() != null ? 1 : 0) + (explicit ? 1 : 0);
        if (ways == 0) {
            boolean shapeGiven = request.numLayers() != null || request.numAttentionHeads() != null;
            violations.add(shapeGiven
                    ? new Violation("parameters", null, "one of parameters (exact count) or parametersBillions "
                            + "(nominal) is required with explicit sizes")
                    : new Violation("model", null, "name the model: model (an id from GET /models), "
                            + "modelConfig (a config.json) or parameters/parametersBillions with the shape fields"));
            return null;
        }
        if (ways > 1) {
            String second = request.modelConfig() != null && request.model() != null ? "modelConfig"
                    : explicit && request.parameters() != null ? "parameters" : "parametersBillions";
            violations.add(new Violation(second, null,
                    "name the model one way only: model, modelConfig, or parameters/parametersBillions"));
            return null;
        }
        if (!explicit) {
            for (String field : List.of("numLayers", "numAttentionHeads", "numKeyValueHeads", "headDim", "hiddenSize")) {
                Object value = shapeField(request, field);
                if (value != null) {
                    violations.add(new Violation(field, value,
                            "comes from the model's config; remove it (or give explicit sizes instead of a model)"));
                }
            }
            if (!violations.isEmpty()) {
                return null;
            }
        }
        try {
            if (request.model() != null) {
                return models.byId(request.model());
            }
            if (request.modelConfig() != null) {
                return ModelConfigReader.read(request.modelConfig(), "modelConfig");
            }
        } catch (InvalidModelConfigException e) {
            violations.add(new Violation(e.field(), e.rejectedValue(), e.reason()));
            return null;
        }
        return explicitModel(request, violations);
    }

    private static Object shapeField(EstimateRequest request, String field) {
        return switch (field) {
            case "numLayers" -> request.numLayers();
            case "numAttentionHeads" -> request.numAttentionHeads();
            case "numKeyValueHeads" -> request.numKeyValueHeads();
            case "headDim" -> request.headDim();
            default -> request.hiddenSize();
        };
    }

    private static ModelArchitecture explicitModel(EstimateRequest request, List<Violation> violations) {
        Long parameters = parameters(request, violations);
        if (request.numLayers() == null) {
            violations.add(new Violation("numLayers", null, "is required with explicit sizes"));
        }
        if (request.numAttentionHeads() == null) {
            violations.add(new Violation("numAttentionHeads", null, "is required with explicit sizes"));
            return null;
        }
        // Bean Validation has bounded every size, so the exact conversions below cannot fail.
        int heads = request.numAttentionHeads().intValueExact();
        int kvHeads = request.numKeyValueHeads() == null ? heads : request.numKeyValueHeads().intValueExact();
        if (kvHeads > heads || heads % kvHeads != 0) {
            violations.add(new Violation("numKeyValueHeads", request.numKeyValueHeads(),
                    "must divide numAttentionHeads (" + heads + ") evenly: each KV head serves a whole "
                            + "group of query heads"));
        }
        Integer headDim = headDim(request, heads, violations);
        if (parameters == null || request.numLayers() == null || headDim == null || !violations.isEmpty()) {
            return null;
        }
        return ModelArchitecture.explicit(parameters, request.numLayers().intValueExact(), heads, kvHeads, headDim);
    }

    private static Long parameters(EstimateRequest request, List<Violation> violations) {
        if (request.parameters() != null && request.parametersBillions() != null) {
            violations.add(new Violation("parametersBillions", request.parametersBillions(),
                    "give either parameters or parametersBillions, not both"));
            return null;
        }
        if (request.parameters() != null) {
            return request.parameters().longValueExact();
        }
        // @Digits allows at most 9 decimals, so this is a whole number of parameters.
        return request.parametersBillions().movePointRight(9).longValueExact();
    }

    private static Integer headDim(EstimateRequest request, int heads, List<Violation> violations) {
        if (request.headDim() != null) {
            return request.headDim().intValueExact();
        }
        if (request.hiddenSize() == null) {
            violations.add(new Violation("headDim", null,
                    "headDim is required, or hiddenSize to derive it as hiddenSize / numAttentionHeads"));
            return null;
        }
        int hidden = request.hiddenSize().intValueExact();
        if (hidden % heads != 0) {
            violations.add(new Violation("hiddenSize", hidden, "cannot derive headDim: hiddenSize is not a multiple "
                    + "of numAttentionHeads (" + heads + "); give headDim"));
            return null;
        }
        return hidden / heads;
    }

    /** Weight and KV formats: as requested, else the checkpoint's. */
    private static Optional<Precision> precision(EstimateRequest request, ModelArchitecture model,
            List<Violation> violations, List<String> notes) {
        QuantizationSpec checkpoint = model.quantization();
        Optional<Dtype> weights;
        if (request.weightDtype() != null) {
            weights = dtype("weightDtype", request.weightDtype(), Dtype.ids(), violations);
            if (checkpoint != null && weights.isPresent() && !weights.get().id().equals(checkpoint.format())) {
                notes.add("weightDtype " + weights.get().id() + " overrides the checkpoint's " + checkpoint.method()
                        + " quantization (" + checkpoint.format() + ")");
            }
        } else if (model.modelType().equals("explicit")) {
            violations.add(new Violation("weightDtype", null, "is required with explicit sizes; allowed: "
                    + String.join(", ", Dtype.ids())));
            weights = Optional.empty();
        } else if (checkpoint != null) {
            weights = Dtype.fromId(checkpoint.format());
            notes.add("weightDtype " + checkpoint.format() + " from the checkpoint's " + checkpoint.method()
                    + " quantization_config");
        } else {
            weights = Optional.of(servedDtype(model.torchDtype()));
            notes.add("weightDtype " + weights.get().id() + " from torch_dtype "
                    + (model.torchDtype() == null ? "(absent)" : model.torchDtype()) + ", as vLLM serves it");
        }

        Optional<Dtype> kv;
        if (request.kvCacheDtype() != null) {
            kv = dtype("kvCacheDtype", request.kvCacheDtype(), Dtype.kvCacheIds(), violations);
            if (kv.isPresent() && !kv.get().kvCacheFormat()) {
                violations.add(new Violation("kvCacheDtype", request.kvCacheDtype(),
                        "is not a KV cache format; allowed: " + String.join(", ", Dtype.kvCacheIds())));
                kv = Optional.empty();
            }
        } else {
            kv = weights.map(w -> w.kvCacheFormat() ? w : servedDtype(model.torchDtype()));
        }

        int groupSize = checkpoint != null && checkpoint.groupSize() != 0 ? checkpoint.groupSize()
                : Precision.DEFAULT_GROUP_SIZE;
        if (request.weightGroupSize() != null) {
            int requested = request.weightGroupSize().intValueExact();
            if (weights.isPresent() && !weights.get().grouped()) {
                violations.add(new Violation("weightGroupSize", request.weightGroupSize(),
                        "only applies to gptq and awq weights"));
            } else if (requested == 0) {
                violations.add(new Violation("weightGroupSize", BigInteger.ZERO,
                        "must be -1 (per output channel) or from 1 to 65,536"));
            }
            groupSize = requested;
        }
        if (weights.isEmpty() || kv.isEmpty() || !violations.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Precision(weights.get(), kv.get(), groupSize));
    }

    /** The engine settings, checked against the model: only vLLM is modelled. */
    private static VllmSettings engine(EstimateRequest request, ModelArchitecture model, Optional<Precision> precision,
            List<Violation> violations, List<String> notes) {
        EngineRequest engine = request.engine();
        if (engine == null) {
            return null;
        }
        int before = violations.size();
        if (!"vllm".equalsIgnoreCase(engine.name().trim())) {
            violations.add(new Violation("engine.name", engine.name(), "unknown engine; allowed: vllm"));
        }
        if (engine.version() != null && !VllmEngine.knownVersion(engine.version())) {
            violations.add(new Violation("engine.version", engine.version(),
                    "must be a vLLM version 0.10 to 0.99 (e.g. 0.19, 0.21, 0.21.1)"));
        }
        if (request.memoryUtilization() != null) {
            violations.add(new Violation("memoryUtilization", request.memoryUtilization(),
                    "does not apply with an engine; set engine.gpuMemoryUtilization"));
        }
        Dtype kv = null;
        if (engine.kvCacheDtype() != null && !engine.kvCacheDtype().equalsIgnoreCase("auto")) {
            kv = Dtype.fromId(engine.kvCacheDtype()).filter(d -> d == Dtype.FP8 || d == Dtype.FP16 || d == Dtype.BF16)
                    .orElse(null);
            if (kv == null) {
                violations.add(new Violation("engine.kvCacheDtype", engine.kvCacheDtype(),
                        "allowed: auto, fp16, bf16, fp8"));
            } else if (request.kvCacheDtype() != null && precision.isPresent() && precision.get().kvCache() != kv) {
                violations.add(new Violation("engine.kvCacheDtype", engine.kvCacheDtype(),
                        "contradicts kvCacheDtype " + request.kvCacheDtype() + "; give one of them"));
            }
        }
        if (model != null && model.modelType().equals("explicit")) {
            notes.add("engine with explicit sizes: the activation peak (MLP width, vocabulary) is unknown and counted "
                    + "as 0; name the model or paste its config.json for a calibrated budget");
        }
        if (model != null && engine.maxModelLen() != null && model.maxPositionEmbeddings() != null
                && engine.maxModelLen().intValueExact() > model.maxPositionEmbeddings()) {
            notes.add("engine.maxModelLen " + engine.maxModelLen() + " exceeds the model's max_position_embeddings ("
                    + model.maxPositionEmbeddings() + "): vLLM refuses it unless VLLM_ALLOW_LONG_MAX_MODEL_LEN=1");
        }
        VllmSettings settings = new VllmSettings(engine.version(), engine.gpuMemoryUtilization(),
                intOrNull(engine.maxModelLen()), intOrNull(engine.maxNumSeqs()), intOrNull(engine.maxNumBatchedTokens()),
                intOrNull(engine.blockSize()), intOrNull(engine.tensorParallelSize()),
                intOrNull(engine.pipelineParallelSize()), kv);
        if (model != null && (settings.tensorParallelSize() != null || settings.pipelineParallelSize() != null)) {
            Parallelism parallelism = new Parallelism(
                    settings.tensorParallelSize() == null ? 1 : settings.tensorParallelSize(),
                    settings.pipelineParallelSize() == null ? 1 : settings.pipelineParallelSize());
            parallelism.invalidity(model).ifPresent(invalid -> {
                boolean pipeline = invalid.dimension() == Parallelism.Invalidity.Dimension.PP;
                violations.add(new Violation(
                        pipeline ? "engine.pipelineParallelSize" : "engine.tensorParallelSize",
                        pipeline ? settings.pipelineParallelSize() : settings.tensorParallelSize(),
                        invalid.reason() + " of " + (model.modelId() == null ? "the model" : model.modelId()) + " ("
                                + model.numAttentionHeads() + " heads, " + model.numKeyValueHeads() + " KV heads)"));
            });
        }
        return violations.size() > before ? null : settings;
    }

    private static Integer intOrNull(BigInteger value) {
        return value == null ? null : value.intValueExact();
    }

    /** vLLM's {@code --dtype auto}: bfloat16 stays bf16; float16 and float32 are served as fp16. */
    private static Dtype servedDtype(String torchDtype) {
        return "bfloat16".equals(torchDtype) ? Dtype.BF16 : Dtype.FP16;
    }

    private static Optional<Dtype> dtype(String field, String value, List<String> allowed, List<Violation> violations) {
        Optional<Dtype> dtype = Dtype.fromId(value);
        if (dtype.isEmpty()) {
            violations.add(new Violation(field, value, "unknown dtype; allowed: " + String.join(", ", allowed)));
        }
        return dtype;
    }

    private List<GpuProfile> gpus(List<String> names, List<Violation> violations) {
        if (names == null) {
            return gpuCatalog.all();
        }
        Set<GpuProfile> chosen = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String field = "gpus[" + i + "]";
            List<GpuProfile> matches = gpuCatalog.resolve(names.get(i));
            if (matches.size() == 1) {
                chosen.add(matches.get(0));
            } else {
                violations.add(Violation.unresolvedGpu(field, names.get(i), matches, gpuCatalog));
            }
        }
        return List.copyOf(chosen);
    }
}
