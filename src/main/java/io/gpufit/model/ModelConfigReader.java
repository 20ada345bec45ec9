package io.gpufit.model;

import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Hugging Face {@code config.json} into a {@link ModelArchitecture}: the shape, the KV cache
 * layout and the exact tensor inventory. Each family has its own reader ({@link FamilyReaders} lists
 * them), following its modeling file in Hugging Face transformers
 * ({@code models/<family>/modeling_<family>.py}); the counts match the published safetensors totals
 * (see ModelConfigReaderTest).
 */
public final class ModelConfigReader {

    /** Families counted from their own layout; anything else is read as a generic decoder. */
    public static final Set<String> FAMILIES = FamilyReaders.modelTypes();

    static final int MAX_HIDDEN = 1 << 20;
    static final int MAX_LAYERS = 10_000;
    static final int MAX_HEADS = 65_536;
    static final int MAX_HEAD_DIM = 65_536;
    static final int MAX_VOCAB = 10_000_000;
    static final int MAX_INTERMEDIATE = 1 << 24;
    static final int MAX_EXPERTS = 65_536;
    static final int MAX_WINDOW = 1 << 30;

    private ModelConfigReader() {}

    /**
     * @param config the {@code config.json} object
     * @param path   where it sits in the request, for error messages (e.g. {@code modelConfig})
     * @throws InvalidModelConfigException naming the field when the config cannot be counted
     */
    public static ModelArchitecture read(JsonNode config, String path) {
        try {
            return readChecked(config, path);
        } catch (ArithmeticException overflow) {
            throw new InvalidModelConfigException(
                    path, null, "sizes too large: the parameter count would exceed " + "9,223,372,036,854,775,807");
        }
    }

    private static ModelArchitecture readChecked(JsonNode config, String path) {
        if (config == null || !config.isObject()) {
            throw new InvalidModelConfigException(
                    path, config == null ? null : config.toString(), "must be a config.json object");
        }
        ConfigLimits.check(config, path);
        ConfigFields fields = new ConfigFields(config, path);
        String modelType =
                fields.text("model_type").map(t -> t.toLowerCase(Locale.ROOT)).orElse("");
        return FamilyReaders.forType(modelType).read(fields, modelType, new ArrayList<>());
    }
}
