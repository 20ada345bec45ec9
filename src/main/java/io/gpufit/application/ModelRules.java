package io.gpufit.application;

import io.gpufit.model.InvalidModelConfigException;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.ModelConfigReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model of an input, named in exactly one way: a model id, a pasted config, or explicit
 * sizes. Reports what is wrong and answers null instead of a model.
 */
final class ModelRules {

    private final ModelSource source;

    ModelRules(ModelSource source) {
        this.source = source;
    }

    ModelArchitecture model(EstimateInput input, List<Violation> violations) {
        Violation naming = naming(input);
        if (naming != null) {
            violations.add(naming);
            return null;
        }
        if (input.explicitSizes()) {
            return explicitModel(input, violations);
        }
        int before = violations.size();
        shapeFields(input).forEach((field, value) -> {
            if (value != null) {
                violations.add(new Violation(
                        field,
                        value,
                        "comes from the model's config; remove it (or give explicit sizes instead of a model)"));
            }
        });
        return violations.size() > before ? null : lookUp(input, violations);
    }

    /** What is wrong with how the model is named: not at all, or more than one way; null when once. */
    private static Violation naming(EstimateInput input) {
        boolean explicit = input.explicitSizes();
        int ways = (input.model() != null ? 1 : 0) + (input.modelConfig() != null ? 1 : 0) + (explicit ? 1 : 0);
        if (ways == 0) {
            boolean shapeGiven = input.numLayers() != null || input.numAttentionHeads() != null;
            return shapeGiven
                    ? new Violation(
                            "parameters",
                            null,
                            "one of parameters (exact count) or parametersBillions "
                                    + "(nominal) is required with explicit sizes")
                    : new Violation(
                            "model",
                            null,
                            "name the model: model (an id from GET /models), "
                                    + "modelConfig (a config.json) or parameters/parametersBillions with the shape fields");
        }
        if (ways > 1) {
            String second = input.modelConfig() != null && input.model() != null
                    ? "modelConfig"
                    : explicit && input.parameters() != null ? "parameters" : "parametersBillions";
            return new Violation(
                    second, null, "name the model one way only: model, modelConfig, or parameters/parametersBillions");
        }
        return null;
    }

    /** The fields that describe a model's shape, by name, in the order they are reported. */
    private static Map<String, Integer> shapeFields(EstimateInput input) {
        Map<String, Integer> fields = new LinkedHashMap<>();
        fields.put("numLayers", input.numLayers());
        fields.put("numAttentionHeads", input.numAttentionHeads());
        fields.put("numKeyValueHeads", input.numKeyValueHeads());
        fields.put("headDim", input.headDim());
        fields.put("hiddenSize", input.hiddenSize());
        return fields;
    }

    private ModelArchitecture lookUp(EstimateInput input, List<Violation> violations) {
        try {
            return input.model() != null
                    ? source.byId(input.model())
                    : ModelConfigReader.read(input.modelConfig(), "modelConfig");
        } catch (InvalidModelConfigException e) {
            violations.add(new Violation(e.field(), e.rejectedValue(), e.reason()));
            return null;
        }
    }

    private static ModelArchitecture explicitModel(EstimateInput input, List<Violation> violations) {
        Long parameters = parameters(input, violations);
        if (input.numLayers() == null) {
            violations.add(new Violation("numLayers", null, "is required with explicit sizes"));
        }
        if (input.numAttentionHeads() == null) {
            violations.add(new Violation("numAttentionHeads", null, "is required with explicit sizes"));
            return null;
        }
        int heads = input.numAttentionHeads();
        int kvHeads = input.numKeyValueHeads() == null ? heads : input.numKeyValueHeads();
        if (kvHeads > heads || heads % kvHeads != 0) {
            violations.add(new Violation(
                    "numKeyValueHeads",
                    input.numKeyValueHeads(),
                    "must divide numAttentionHeads (" + heads + ") evenly: each KV head serves a whole "
                            + "group of query heads"));
        }
        Integer headDim = headDim(input, heads, violations);
        if (parameters == null || input.numLayers() == null || headDim == null || !violations.isEmpty()) {
            return null;
        }
        return ModelArchitecture.explicit(parameters, input.numLayers(), heads, kvHeads, headDim);
    }

    private static Long parameters(EstimateInput input, List<Violation> violations) {
        if (input.parameters() != null && input.parametersBillions() != null) {
            violations.add(new Violation(
                    "parametersBillions",
                    input.parametersBillions(),
                    "give either parameters or parametersBillions, not both"));
            return null;
        }
        if (input.parameters() != null) {
            return input.parameters();
        }
        // At most 9 decimals (the published limit), so this is a whole number of parameters.
        return input.parametersBillions().movePointRight(9).longValueExact();
    }

    private static Integer headDim(EstimateInput input, int heads, List<Violation> violations) {
        if (input.headDim() != null) {
            return input.headDim();
        }
        if (input.hiddenSize() == null) {
            violations.add(new Violation(
                    "headDim",
                    null,
                    "headDim is required, or hiddenSize to derive it as hiddenSize / numAttentionHeads"));
            return null;
        }
        int hidden = input.hiddenSize();
        if (hidden % heads != 0) {
            violations.add(new Violation(
                    "hiddenSize",
                    hidden,
                    "cannot derive headDim: hiddenSize is not a multiple " + "of numAttentionHeads (" + heads
                            + "); give headDim"));
            return null;
        }
        return hidden / heads;
    }
}
