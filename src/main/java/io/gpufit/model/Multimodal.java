package io.gpufit.model;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the multimodal families share: a top-level config that nests the language model in
 * {@code text_config} and the image encoder in {@code vision_config}. The language model is read by
 * its own family's reader; the vision tower and projector are then put in front of it.
 */
final class Multimodal {

    /** Fields of the multimodal config that describe the language model's checkpoint too. */
    private static final List<String> INHERITED =
            List.of("_name_or_path", "torch_dtype", "dtype", "quantization_config", "compression_config");

    private Multimodal() {}

    /**
     * {@code text_config} as a config of its own: {@code textType} as its model_type when it names
     * none, {@code defaults} for the sizes it leaves unsaid (its configuration class's defaults), and
     * the checkpoint fields of the outer config.
     */
    static ConfigFields textConfig(ConfigFields config, String textType, Map<String, Object> defaults) {
        ObjectNode text = (ObjectNode) config.object("text_config").node().deepCopy();
        if (!text.has("model_type")) {
            text.put("model_type", textType);
        }
        defaults.forEach((key, value) -> {
            if (!text.has(key)) {
                if (value instanceof Integer number) {
                    text.put(key, number);
                } else {
                    text.put(key, (Boolean) value);
                }
            }
        });
        for (String inherited : INHERITED) {
            if (config.node().has(inherited) && !text.has(inherited)) {
                text.set(inherited, config.node().get(inherited));
            }
        }
        return new ConfigFields(text, config.path("text_config"));
    }

    /** The model_type {@code text_config} names, in lower case, or {@code fallback}. */
    static String textType(ConfigFields text, String fallback) {
        return text.text("model_type")
                .map(t -> t.toLowerCase(java.util.Locale.ROOT))
                .orElse(fallback);
    }

    /**
     * The language model of {@code config} ({@code text_config}), read by the reader of the
     * model_type it names ({@code textType} when it names none).
     */
    static ModelArchitecture readText(
            ConfigFields config, String outerType, String textType, Map<String, Object> defaults, List<String> notes) {
        ConfigFields text = textConfig(config, textType, defaults);
        String type = textType(text, textType);
        if (type.equals(outerType)) {
            throw new InvalidModelConfigException(
                    text.path("model_type"), type, "must name the language model's family, not " + outerType);
        }
        return FamilyReaders.forType(type).read(text, type, notes);
    }

    /** How many layers {@code vision_feature_layer} takes features from: a list, or one index. */
    static int featureLayers(ConfigFields config) {
        var value = config.node().get("vision_feature_layer");
        return value != null && value.isArray() && value.size() > 0 ? value.size() : 1;
    }

    /** The text model read by its family's reader, with {@code tower} (encoder and projector) in front. */
    static ModelArchitecture withVision(
            ModelArchitecture text, String modelType, List<TensorGroup> tower, VisionShape shape) {
        return text.withVision(modelType, tower, shape);
    }
}
