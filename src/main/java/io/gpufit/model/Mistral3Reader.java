package io.gpufit.model;

import static io.gpufit.model.ModelConfigReader.MAX_LAYERS;
import static io.gpufit.model.TensorGroup.matrix;
import static io.gpufit.model.TensorGroup.vector;
import static io.gpufit.model.TensorRole.VISION_PROJECTOR;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mistral 3, e.g. Mistral-Small-3.1-24B ({@code models/mistral3/modeling_mistral3.py}): a Mistral
 * language model ({@code text_config}, read by its own reader), a Pixtral tower
 * ({@code vision_config}; {@link VisionTowers#PIXTRAL}: no biases, gated SiLU MLP, RMSNorm
 * {@code ln_pre}, 2D rotary positions so no position embeddings) and a projector:
 *
 * <pre>
 * v (RMSNorm) + v^2 x m^2 (patch_merger.merging_layer, no bias)
 *   + t x v x F (linear_1) + t x t (linear_2)  (+ t each with multimodal_projector_bias)
 * </pre>
 *
 * with {@code v} the vision and {@code t} the text hidden size, {@code m} the
 * {@code spatial_merge_size} and {@code F} the layers {@code vision_feature_layer} names. vLLM
 * profiles one {@code image_size} image (1540, not tiled), which becomes
 * {@code n^2 + n} decoder tokens with {@code n = image_size / patch_size / m} (55 for 1540 / 14 / 2):
 * an embedding per merged patch and an [IMG_BREAK] or [IMG_END] token after each row.
 */
final class Mistral3Reader implements FamilyReader {

    private static final String PROJECTOR = "multi_modal_projector.";

    @Override
    public Set<String> modelTypes() {
        return Set.of("mistral3");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        ModelArchitecture text = Multimodal.readText(config, modelType, "mistral", Map.of(), notes);
        ConfigFields vision = config.object("vision_config");
        VisionTowers.Sizes s = VisionTowers.sizes(vision);
        int merge = config.optional("spatial_merge_size", 1, MAX_LAYERS, 2);
        boolean bias = config.flag("multimodal_projector_bias", false);
        long v = s.hidden();
        long t = text.hiddenSize();
        List<TensorGroup> groups = new ArrayList<>(VisionTowers.encoder(
                "vision_tower.", "vision_tower.transformer.layers.*.", s, VisionTowers.PIXTRAL, 0));
        groups.add(vector(VISION_PROJECTOR, PROJECTOR + "norm.weight", v, 1));
        groups.add(matrix(VISION_PROJECTOR, PROJECTOR + "patch_merger.merging_layer.weight", v, v * merge * merge));
        groups.add(matrix(VISION_PROJECTOR, PROJECTOR + "linear_1.weight", t, v * Multimodal.featureLayers(config)));
        groups.add(matrix(VISION_PROJECTOR, PROJECTOR + "linear_2.weight", t, t));
        if (bias) {
            groups.add(vector(VISION_PROJECTOR, PROJECTOR + "linear_{1,2}.bias", t, 2));
        }
        int rows = Math.max(1, s.patchesPerSide() / merge);
        VisionShape shape = new VisionShape("pixtral", s.imageSize(), 1, rows * rows + rows);
        return Multimodal.withVision(text, modelType, groups, shape);
    }
}
