package io.gpufit.model;

import static io.gpufit.model.ModelConfigReader.MAX_LAYERS;
import static io.gpufit.model.ModelConfigReader.MAX_WINDOW;
import static io.gpufit.model.TensorGroup.matrix;
import static io.gpufit.model.TensorGroup.vector;
import static io.gpufit.model.TensorRole.VISION_PROJECTOR;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Gemma ({@code models/gemma/modeling_gemma.py}), Gemma 2 ({@code models/gemma2/modeling_gemma2.py})
 * and Gemma 3 ({@code models/gemma3/modeling_gemma3.py}): Llama's layer with embeddings tied by
 * default. Gemma 1 keeps Llama's two RMSNorms per layer and attends globally everywhere; Gemma 2 and
 * 3 have four (before and after both attention and MLP), and Gemma 3's text model adds RMSNorms on q
 * and k. Gemma 2 alternates sliding (even) and full (odd) layers; Gemma 3 makes every
 * {@code sliding_window_pattern}-th layer full.
 *
 * <p>The multimodal Gemma 3 nests its language model in {@code text_config}, read as above, and adds
 * a SigLIP tower ({@code vision_config}; {@link VisionTowers#SIGLIP}, with {@code (image_size /
 * patch_size)^2} learned positions) and a projector: an RMSNorm of the vision width
 * ({@code mm_soft_emb_norm}) and a {@code vision hidden x text hidden} matrix without bias
 * ({@code mm_input_projection_weight}). vLLM profiles it with one {@code image_size} image (896, not
 * tiled: pan-and-scan is off by default) of {@code mm_tokens_per_image} (256) embeddings.
 */
final class GemmaReader implements FamilyReader {

    /**
     * Gemma3TextConfig's defaults (transformers models/gemma3/configuration_gemma3.py) that the
     * published multimodal configs omit: the 27B names no vocabulary or context, the 4B no heads or
     * head_dim, the 12B no head_dim.
     */
    private static final Map<String, Object> GEMMA3_TEXT_DEFAULTS = Map.of(
            "vocab_size", 262_208,
            "max_position_embeddings", 131_072,
            "num_attention_heads", 8,
            "num_key_value_heads", 4,
            "head_dim", 256);

    /** Gemma3Config's {@code mm_tokens_per_image} default. */
    private static final int TOKENS_PER_IMAGE = 256;

    @Override
    public Set<String> modelTypes() {
        return Set.of("gemma", "gemma2", "gemma3", "gemma3_text");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        if (modelType.equals("gemma3") && config.has("text_config")) {
            ModelArchitecture text =
                    read(Multimodal.textConfig(config, "gemma3_text", GEMMA3_TEXT_DEFAULTS), "gemma3_text", notes);
            return withSiglip(config, text);
        }
        boolean gemma1 = modelType.equals("gemma");
        LlamaStyle gemma = LlamaStyle.read(config, true);
        Decoder decoder = gemma.dense(gemma.layer(modelType.equals("gemma3_text"), gemma1 ? 2 : 4), modelType, notes);
        if (!gemma1) {
            decoder.windows(windows(gemma.config(), modelType.equals("gemma2")));
        }
        if (modelType.equals("gemma3_text")) {
            // rope_local_base_freq: vLLM builds a second rotary embedding for the sliding layers
            decoder.localRotaryCache();
        }
        return decoder.build();
    }

    private static ModelArchitecture withSiglip(ConfigFields config, ModelArchitecture text) {
        ConfigFields vision = config.object("vision_config");
        VisionTowers.Sizes s = VisionTowers.sizes(vision);
        long positions = (long) s.patchesPerSide() * s.patchesPerSide();
        String tower = "vision_tower.vision_model.";
        List<TensorGroup> groups = new ArrayList<>(
                VisionTowers.encoder(tower, tower + "encoder.layers.*.", s, VisionTowers.SIGLIP, positions));
        groups.add(vector(VISION_PROJECTOR, "multi_modal_projector.mm_soft_emb_norm.weight", s.hidden(), 1));
        groups.add(matrix(
                VISION_PROJECTOR, "multi_modal_projector.mm_input_projection_weight", text.hiddenSize(), s.hidden()));
        int tokens = config.optional("mm_tokens_per_image", 1, MAX_WINDOW, TOKENS_PER_IMAGE);
        return Multimodal.withVision(text, "gemma3", groups, new VisionShape("siglip", s.imageSize(), 1, tokens));
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
}
