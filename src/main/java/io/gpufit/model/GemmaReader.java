package io.gpufit.model;

import static io.gpufit.model.ModelConfigReader.MAX_LAYERS;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gemma 2 ({@code models/gemma2/modeling_gemma2.py}) and Gemma 3 ({@code models/gemma3/modeling_gemma3.py}):
 * Llama's layer with four RMSNorms (before and after both attention and MLP) and embeddings tied
 * by default; Gemma 3's text model adds RMSNorms on q and k. Gemma 2 alternates sliding (even) and
 * full (odd) layers; Gemma 3 makes every {@code sliding_window_pattern}-th layer full. The
 * multimodal Gemma 3 config nests its language model in {@code text_config}, which is read instead.
 */
final class GemmaReader implements FamilyReader {

    /** Gemma3TextConfig's defaults (transformers models/gemma3/configuration_gemma3.py) that the 27B config omits. */
    private static final Map<String, Integer> GEMMA3_TEXT_DEFAULTS =
            Map.of("vocab_size", 262_208, "max_position_embeddings", 131_072);

    /** Fields of the multimodal config that describe the text model's checkpoint too. */
    private static final List<String> INHERITED = List.of("_name_or_path", "torch_dtype", "quantization_config");

    @Override
    public Set<String> modelTypes() {
        return Set.of("gemma2", "gemma3", "gemma3_text");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        if (modelType.equals("gemma3") && config.has("text_config")) {
            notes.add("gemma3: the language model (text_config) is counted; the vision tower is not");
            return read(textConfig(config), "gemma3_text", notes);
        }
        LlamaStyle gemma = LlamaStyle.read(config, true);
        Decoder decoder = gemma.dense(gemma.layer(modelType.equals("gemma3_text"), 4), modelType, notes);
        return decoder.windows(windows(gemma.config(), modelType.equals("gemma2")))
                .build();
    }

    private static List<Integer> windows(DecoderConfig c, boolean gemma2) {
        SlidingWindows windows = c.windows();
        int window = windows.window(4096);
        IntPredicate sliding;
        if (gemma2) {
            sliding = layer -> layer % 2 == 0;
        } else {
            int pattern = c.fields.optional("sliding_window_pattern", 1, MAX_LAYERS, 6);
            sliding = layer -> (layer + 1) % pattern != 0;
        }
        return windows.pattern(window, sliding);
    }

    /** {@code text_config} as a config of its own, with the defaults and checkpoint fields it leaves unsaid. */
    private static ConfigFields textConfig(ConfigFields config) {
        ObjectNode text = (ObjectNode) config.object("text_config").node().deepCopy();
        text.put("model_type", "gemma3_text");
        GEMMA3_TEXT_DEFAULTS.forEach((key, value) -> {
            if (!text.has(key)) {
                text.put(key, value);
            }
        });
        for (String inherited : INHERITED) {
            if (config.node().has(inherited) && !text.has(inherited)) {
                text.set(inherited, config.node().get(inherited));
            }
        }
        return new ConfigFields(text, config.path("text_config"));
    }
}
