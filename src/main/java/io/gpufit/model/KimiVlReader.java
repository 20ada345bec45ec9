package io.gpufit.model;

import static io.gpufit.model.ModelConfigReader.MAX_WINDOW;
import static io.gpufit.model.TensorGroup.matrix;
import static io.gpufit.model.TensorGroup.vector;
import static io.gpufit.model.TensorRole.VISION_PROJECTOR;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kimi-VL (Moonshot's {@code modeling_kimi_vl.py}, vLLM's {@code models/kimi_vl.py}): a
 * DeepSeek-V3-style language model ({@code text_config}, read by {@link DeepSeekReader}: MLA,
 * routed and shared experts, {@code first_k_dense_replace}), a MoonViT tower
 * ({@link VisionTowers#MOONVIT}, with a learnable 2D position embedding of
 * {@code init_pos_emb_height x init_pos_emb_width} rows) and a projector: a LayerNorm of the vision
 * width ({@code pre_norm}), then, on the {@code k = kh x kw} ({@code merge_kernel_size}) merged
 * patches, {@code linear_1} ({@code v k x v k}) and {@code linear_2} ({@code t x v k}), both biased.
 *
 * <p>Profiling image: vLLM's dummy-input builder uses one 1024 x 1024 image. The processor
 * ({@code in_token_limit} 4096 in Kimi-VL-A3B's {@code preprocessor_config.json}, not in
 * config.json, so taken as a constant) scales it to {@code 73 x 73 > 4096} patches down by
 * {@code sqrt(4096 / 73^2)} to 897 pixels a side, pads that to a multiple of {@code 14 x 2}
 * (924) and merges {@code 2 x 2} patches: {@code 33 x 33 = 1089} tokens.
 */
final class KimiVlReader implements FamilyReader {

    private static final String PROJECTOR = "multi_modal_projector.";
    /** The side of vLLM's dummy image for Kimi-VL (MaxImageTokenMeta). */
    static final int DUMMY_IMAGE = 1024;
    /** The processor's patch budget per image ({@code in_token_limit}). */
    static final int IN_TOKEN_LIMIT = 4096;

    @Override
    public Set<String> modelTypes() {
        return Set.of("kimi_vl");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        ModelArchitecture text = Multimodal.readText(config, modelType, "deepseek_v3", Map.of(), notes);
        ConfigFields vision = config.object("vision_config");
        VisionTowers.Sizes s = VisionTowers.sizes(vision, false);
        long positions = (long) vision.positive(MAX_WINDOW, "init_pos_emb_height")
                * vision.positive(MAX_WINDOW, "init_pos_emb_width");
        List<Integer> kernel = vision.integers("merge_kernel_size", 1, MAX_WINDOW);
        if (kernel.isEmpty()) {
            kernel = List.of(2, 2);
        } else if (kernel.size() != 2) {
            throw new InvalidModelConfigException(
                    vision.path("merge_kernel_size"), kernel.toString(), "must be [height, width]");
        }
        long v = s.hidden();
        long merged = v * kernel.get(0) * kernel.get(1);
        long t = text.hiddenSize();
        List<TensorGroup> groups = new ArrayList<>(VisionTowers.encoder(
                "vision_tower.", "vision_tower.encoder.blocks.*.", s, VisionTowers.MOONVIT, positions));
        groups.add(vector(VISION_PROJECTOR, PROJECTOR + "pre_norm", v, 2));
        groups.add(matrix(VISION_PROJECTOR, PROJECTOR + "linear_1.weight", merged, merged));
        groups.add(vector(VISION_PROJECTOR, PROJECTOR + "linear_1.bias", merged, 1));
        groups.add(matrix(VISION_PROJECTOR, PROJECTOR + "linear_2.weight", t, merged));
        groups.add(vector(VISION_PROJECTOR, PROJECTOR + "linear_2.bias", t, 1));
        VisionShape shape = new VisionShape(
                "moonvit", DUMMY_IMAGE, 1, tokens(DUMMY_IMAGE, s.patch(), kernel.get(0), kernel.get(1)));
        return Multimodal.withVision(text, modelType, groups, shape);
    }

    /**
     * Tokens of a {@code side x side} image: scaled down to {@code IN_TOKEN_LIMIT} patches when it
     * has more, padded to whole merge kernels, one token per kernel.
     */
    static int tokens(int side, int patch, int kernelHeight, int kernelWidth) {
        long patches = (long) (side / patch) * (side / patch);
        int scaled = side;
        if (patches > IN_TOKEN_LIMIT) {
            scaled = (int) (side * Math.sqrt((double) IN_TOKEN_LIMIT / patches));
        }
        int rows = ceilDiv(scaled, kernelHeight * patch);
        int columns = ceilDiv(scaled, kernelWidth * patch);
        return rows * columns;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
