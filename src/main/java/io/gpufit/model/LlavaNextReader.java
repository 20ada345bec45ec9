package io.gpufit.model;

import static io.gpufit.model.ModelConfigReader.MAX_WINDOW;
import static io.gpufit.model.TensorGroup.matrix;
import static io.gpufit.model.TensorGroup.vector;
import static io.gpufit.model.TensorRole.VISION_ENCODER;
import static io.gpufit.model.TensorRole.VISION_PROJECTOR;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * LLaVA-NeXT ({@code models/llava_next/modeling_llava_next.py}), e.g. IBM's granite-vision-3.3-2b:
 * the language model of {@code text_config} (read by its own reader), a SigLIP tower
 * ({@link VisionTowers#SIGLIP}; a CLIP tower when {@code vision_config.model_type} is
 * {@code clip_vision_model}: no patch bias, a class embedding, a pre-norm), and a projector
 * {@code linear_1} (text hidden x vision hidden x F, F the layers {@code vision_feature_layer}
 * lists) and {@code linear_2} (text x text), both biased unless {@code multimodal_projector_bias} is
 * false, plus {@code image_newline} (text hidden).
 *
 * <p>Profiling image, as vLLM's LlavaNext processing info picks it: the {@code image_grid_pinpoints}
 * entry {@code H x W} that yields the most tokens, cut into {@code (H / s) x (W / s)} tiles of the
 * tower's {@code image_size s} plus one resized base tile, so {@code 1 + (H / s)(W / s)} tiles. With
 * {@code g = s / patch_size} patches per tile side, it becomes {@code g^2} base tokens, then
 * {@code (H / s x g) x (W / s x g)} grid features and one newline per grid row. An image of exactly
 * the pinpoint's size needs no unpadding, so the count is exact for it; pinpoints that are not
 * multiples of the tile are counted with the tile grid their sides round down to.
 */
final class LlavaNextReader implements FamilyReader {

    private static final String PROJECTOR = "multi_modal_projector.";

    @Override
    public Set<String> modelTypes() {
        return Set.of("llava_next");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        ModelArchitecture text = Multimodal.readText(config, modelType, "llama", Map.of(), notes);
        ConfigFields vision = config.object("vision_config");
        boolean clip =
                vision.text("model_type").map("clip_vision_model"::equals).orElse(false);
        VisionTowers.Sizes s = VisionTowers.sizes(vision);
        long grid = (long) s.patchesPerSide() * s.patchesPerSide();
        List<TensorGroup> groups = new ArrayList<>();
        String tower = "vision_tower.vision_model.";
        if (clip) {
            groups.add(vector(VISION_ENCODER, tower + "embeddings.class_embedding", s.hidden(), 1));
            groups.addAll(VisionTowers.encoder(tower, tower + "encoder.layers.*.", s, VisionTowers.LLAMA4, grid + 1));
        } else {
            groups.addAll(VisionTowers.encoder(tower, tower + "encoder.layers.*.", s, VisionTowers.SIGLIP, grid));
        }
        long t = text.hiddenSize();
        groups.add(matrix(
                VISION_PROJECTOR,
                PROJECTOR + "linear_1.weight",
                t,
                (long) s.hidden() * Multimodal.featureLayers(config)));
        groups.add(matrix(VISION_PROJECTOR, PROJECTOR + "linear_2.weight", t, t));
        if (config.flag("multimodal_projector_bias", true)) {
            groups.add(vector(VISION_PROJECTOR, PROJECTOR + "linear_{1,2}.bias", t, 2));
        }
        groups.add(vector(VISION_PROJECTOR, "image_newline", t, 1));
        return Multimodal.withVision(text, modelType, groups, profiledImage(config, s, clip));
    }

    /** The largest dummy image: the pinpoint with the most tokens, as tiles and tokens. */
    private static VisionShape profiledImage(ConfigFields config, VisionTowers.Sizes s, boolean clip) {
        int tile = s.imageSize();
        int g = s.patchesPerSide();
        int bestTiles = 1;
        long bestTokens = (long) g * g;
        for (int[] pinpoint : pinpoints(config, tile)) {
            long rows = (long) (pinpoint[0] / tile) * g;
            long columns = (long) (pinpoint[1] / tile) * g;
            long tokens = (long) g * g + rows * columns + rows;
            if (tokens > bestTokens) {
                bestTokens = tokens;
                bestTiles = 1 + (pinpoint[0] / tile) * (pinpoint[1] / tile);
            }
        }
        return new VisionShape(clip ? "clip" : "siglip", tile, bestTiles, Math.toIntExact(bestTokens));
    }

    /** {@code image_grid_pinpoints}: [height, width] pairs of at least one tile each. */
    private static List<int[]> pinpoints(ConfigFields config, int tile) {
        JsonNode list = config.node().get("image_grid_pinpoints");
        List<int[]> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        String field = config.path("image_grid_pinpoints");
        if (!list.isArray()) {
            throw new InvalidModelConfigException(field, list.toString(), "must be a list of [height, width] pairs");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode pair = list.get(i);
            if (!pair.isArray() || pair.size() != 2 || !isSide(pair.get(0), tile) || !isSide(pair.get(1), tile)) {
                throw new InvalidModelConfigException(
                        field + "[" + i + "]",
                        pair.toString(),
                        "must be [height, width], each a whole number from " + tile + " (image_size) to " + MAX_WINDOW);
            }
            out.add(new int[] {pair.get(0).intValue(), pair.get(1).intValue()});
        }
        return out;
    }

    private static boolean isSide(JsonNode side, int tile) {
        return side.isIntegralNumber() && side.canConvertToInt() && side.intValue() >= tile;
    }
}
