package io.gpufit.model;

import static io.gpufit.model.ModelConfigReader.MAX_HIDDEN;
import static io.gpufit.model.ModelConfigReader.MAX_INTERMEDIATE;
import static io.gpufit.model.ModelConfigReader.MAX_LAYERS;
import static io.gpufit.model.ModelConfigReader.MAX_WINDOW;
import static io.gpufit.model.TensorGroup.matrix;
import static io.gpufit.model.TensorGroup.vector;
import static io.gpufit.model.TensorRole.VISION_ENCODER;
import static io.gpufit.model.TensorRole.VISION_PROJECTOR;

import io.gpufit.model.DecoderConfig.RoutedExperts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Llama 4 ({@code models/llama4/modeling_llama4.py}), e.g. Llama-4-Scout-17B-16E. The language model
 * ({@code text_config}, {@code llama4_text}) is Llama's attention (its q/k L2 norms hold no weights)
 * with, in the layers {@code moe_layers} lists (by default every {@code interleave_moe_layer_step}-th),
 * a router over {@code num_local_experts} experts of width {@code intermediate_size} plus one shared
 * expert of that width; the other layers have a dense MLP of {@code intermediate_size_mlp}. Layers
 * that use rotary positions ({@code no_rope_layers[i] = 1}, by default three of every four) attend
 * within chunks of {@code attention_chunk_size} tokens: the KV estimate treats them as sliding
 * windows of the chunk size, the other layers as global.
 *
 * <p>The vision model: a ViT ({@link VisionTowers#LLAMA4}) with a bias-free patch linear, a class
 * embedding and {@code (image_size / patch_size)^2 + 1} learned positions; then the pixel-shuffle
 * adapter ({@code vision_adapter.mlp}: fc1 {@code intermediate_size -> projector_input_dim}, fc2
 * {@code projector_output_dim -> projector_output_dim}, no biases) and
 * {@code multi_modal_projector.linear_1} ({@code vision_output_dim -> text hidden}, no bias).
 *
 * <p>Profiling image: the processor's {@code max_patches} (16, in its preprocessor config, not in
 * config.json, so a constant here) tiles of {@code image_size} (336) plus one global tile; each tile
 * becomes {@code (336 / 14)^2 x pixel_shuffle_ratio^2 = 144} embeddings. Tokens add, for the tiles
 * laid out as a 4 x 4 grid, a separator after each tile (16) and the image start, image and end
 * markers (3): {@code 17 x 144 + 19 = 2467}. The grid layout of the largest image is an assumption.
 */
final class Llama4Reader implements FamilyReader {

    /** The processor's {@code max_patches}: tiles of the largest image, without the global one. */
    static final int MAX_PATCHES = 16;
    /** Separators of a 4 x 4 tile grid (one after each tile) and the start, image and end markers. */
    static final int SPECIAL_TOKENS = MAX_PATCHES + 3;

    private static final String FEED_FORWARD = "model.layers.*.feed_forward";

    @Override
    public Set<String> modelTypes() {
        return Set.of("llama4", "llama4_text");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        if (!modelType.equals("llama4") || !config.has("text_config")) {
            return text(config, modelType, notes);
        }
        ConfigFields textConfig = Multimodal.textConfig(config, "llama4_text", Map.of());
        ModelArchitecture text = text(textConfig, "llama4_text", notes);
        if (!config.has("vision_config")) {
            return text;
        }
        return withVision(config, text);
    }

    private static ModelArchitecture text(ConfigFields config, String modelType, List<String> notes) {
        LlamaStyle llama = LlamaStyle.read(config, false);
        DecoderConfig c = llama.config();
        RoutedExperts experts = c.routedExperts("num_local_experts");
        int expertWidth = c.intermediateSize();
        int denseWidth = config.optional("intermediate_size_mlp", 1, MAX_INTERMEDIATE, expertWidth);
        int step = config.optional("interleave_moe_layer_step", 1, MAX_LAYERS, 1);
        Set<Integer> listed = config.layerIndices("moe_layers", c.layers);
        int moeLayers =
                listed.isEmpty() ? c.countLayers(layer -> (layer + 1) % step == 0) : c.countLayers(listed::contains);

        LayerBuilder attention = llama.layer(false, 2);
        LayerBuilder sparse = attention
                .copy()
                .router(FEED_FORWARD + ".router.weight", experts)
                .experts(FEED_FORWARD + ".experts", expertWidth, experts)
                .sharedExperts(FEED_FORWARD + ".shared_expert", expertWidth);
        Decoder decoder = llama.decoder(modelType, notes).experts(experts, 1).layers(sparse.groups(), moeLayers);
        if (moeLayers < c.layers) {
            decoder.layers(attention.mlp(denseWidth, false).groups(), c.layers - moeLayers);
        }
        Integer chunk = config.optional("attention_chunk_size", 1, MAX_WINDOW);
        if (chunk != null) {
            notes.add("llama4: chunked local attention (" + chunk
                    + " tokens) is counted as a sliding window of that size");
            decoder.windows(chunkWindows(c, chunk));
        }
        return decoder.build();
    }

    /** The chunk size for layers with rotary positions, 0 (global) for the NoPE layers. */
    private static List<Integer> chunkWindows(DecoderConfig c, int chunk) {
        List<Integer> rope = c.fields.integers("no_rope_layers", 0, 1);
        if (!rope.isEmpty() && rope.size() != c.layers) {
            throw new InvalidModelConfigException(
                    c.fields.path("no_rope_layers"),
                    rope.size() + " entries",
                    "must list one flag per layer (" + c.layers + ")");
        }
        List<Integer> windows = new ArrayList<>();
        for (int layer = 0; layer < c.layers; layer++) {
            boolean chunked = rope.isEmpty() ? (layer + 1) % 4 != 0 : rope.get(layer) == 1;
            windows.add(chunked ? chunk : 0);
        }
        return windows;
    }

    private static ModelArchitecture withVision(ConfigFields config, ModelArchitecture text) {
        ConfigFields vision = config.object("vision_config");
        VisionTowers.Sizes s = VisionTowers.sizes(vision);
        int grid = s.patchesPerSide() * s.patchesPerSide();
        int projectorIn = vision.positive(MAX_HIDDEN, "projector_input_dim");
        int projectorOut = vision.positive(MAX_HIDDEN, "projector_output_dim");
        int visionOut = vision.optional("vision_output_dim", 1, MAX_HIDDEN, projectorOut);
        double shuffle = vision.fraction("pixel_shuffle_ratio", 0.5);
        List<TensorGroup> groups = new ArrayList<>();
        groups.add(vector(VISION_ENCODER, "vision_model.class_embedding", s.hidden(), 1));
        groups.addAll(VisionTowers.encoder(
                "vision_model.", "vision_model.model.layers.*.", s, VisionTowers.LLAMA4, grid + 1L));
        String adapter = "vision_model.vision_adapter.mlp.";
        groups.add(matrix(VISION_PROJECTOR, adapter + "fc1.weight", projectorIn, s.intermediate()));
        groups.add(matrix(VISION_PROJECTOR, adapter + "fc2.weight", projectorOut, projectorOut));
        groups.add(matrix(VISION_PROJECTOR, "multi_modal_projector.linear_1.weight", text.hiddenSize(), visionOut));
        int perTile = (int) Math.round(grid * shuffle * shuffle);
        int tiles = MAX_PATCHES + 1;
        VisionShape shape = new VisionShape("llama4", s.imageSize(), tiles, tiles * perTile + SPECIAL_TOKENS);
        return Multimodal.withVision(text, "llama4", groups, shape);
    }
}
