package io.gpufit.model;

import static io.gpufit.model.ModelConfigReader.MAX_HIDDEN;
import static io.gpufit.model.ModelConfigReader.MAX_INTERMEDIATE;
import static io.gpufit.model.ModelConfigReader.MAX_LAYERS;
import static io.gpufit.model.ModelConfigReader.MAX_WINDOW;
import static io.gpufit.model.TensorGroup.matrix;
import static io.gpufit.model.TensorGroup.vector;
import static io.gpufit.model.TensorRole.VISION_ENCODER;

import java.util.ArrayList;
import java.util.List;

/**
 * The ViT image encoders of the multimodal families, counted in one place. With hidden size
 * {@code h}, MLP width {@code i}, {@code L} layers, {@code c} channels and patch side {@code p}:
 *
 * <pre>
 * parameters = h x c x p^2 (+ h: patch bias)              patch embedding, a convolution or linear
 *            + P x h                                      P learned positions (0 with rotary positions)
 *            + n x h                                      pre-norm (n = 2 for LayerNorm, 1 for RMSNorm)
 *            + L x ( 4 x h^2 (+ 4 x h)                    q, k, v, o (and their biases)
 *                  + 2 x i x h (+ i + h)                  fc1, fc2 (and biases); gated: 3 x i x h
 *                  + 2 x n x h )                          the norms before attention and MLP
 *            + n x h                                      post-norm
 * </pre>
 *
 * Each tower takes its flags from its transformers modeling file: SigLIP
 * ({@code models/siglip/modeling_siglip.py}) and MoonViT (Kimi-VL's {@code modeling_kimi_vl.py})
 * bias every linear and use LayerNorms with a post-norm; Pixtral ({@code models/pixtral/modeling_pixtral.py})
 * has no biases, a gated SiLU MLP, RMSNorms with a pre-norm ({@code ln_pre}) and 2D rotary
 * positions; Llama 4's tower ({@code models/llama4/modeling_llama4.py}) biases its layers but not
 * its patch linear, and has LayerNorms before and after the layers.
 */
final class VisionTowers {

    /** A norm's vectors: LayerNorm has a weight and a bias, RMSNorm a weight. */
    enum Norm {
        LAYER_NORM(2),
        RMS_NORM(1);

        final int vectors;

        Norm(int vectors) {
            this.vectors = vectors;
        }
    }

    /**
     * How a tower is built.
     *
     * @param bias      biases on q, k, v, o and the MLP
     * @param gatedMlp  gate, up and down (Pixtral) rather than fc1 and fc2
     * @param patchBias a bias on the patch embedding
     * @param preNorm   a norm before the first layer
     * @param postNorm  a norm after the last layer
     */
    record Layout(boolean bias, boolean gatedMlp, Norm norm, boolean patchBias, boolean preNorm, boolean postNorm) {}

    static final Layout SIGLIP = new Layout(true, false, Norm.LAYER_NORM, true, false, true);
    static final Layout MOONVIT = SIGLIP;
    static final Layout PIXTRAL = new Layout(false, true, Norm.RMS_NORM, false, true, false);
    static final Layout LLAMA4 = new Layout(true, false, Norm.LAYER_NORM, false, true, true);

    /** The sizes a {@code vision_config} gives; {@code imageSize} is 0 when it gives none (MoonViT). */
    record Sizes(int hidden, int intermediate, int layers, int channels, int patch, int imageSize) {

        /** Patches along one side of an {@code imageSize} image. */
        int patchesPerSide() {
            return imageSize / patch;
        }
    }

    private VisionTowers() {}

    /** The sizes of {@code vision}, in the order they are read; {@code image_size} is required. */
    static Sizes sizes(ConfigFields vision) {
        return sizes(vision, true);
    }

    /** The sizes of {@code vision}; {@code image_size} only when {@code withImageSize}, else 0. */
    static Sizes sizes(ConfigFields vision, boolean withImageSize) {
        int hidden = vision.positive(MAX_HIDDEN, "hidden_size");
        int intermediate = vision.positive(MAX_INTERMEDIATE, "intermediate_size");
        int layers = vision.positive(MAX_LAYERS, "num_hidden_layers");
        int channels = vision.optional("num_channels", 1, MAX_HIDDEN, 3);
        int patch = vision.positive(MAX_WINDOW, "patch_size");
        int imageSize = withImageSize ? vision.positive(MAX_WINDOW, "image_size") : 0;
        if (withImageSize && imageSize < patch) {
            throw new InvalidModelConfigException(
                    vision.path("image_size"), imageSize, "must be at least patch_size (" + patch + ")");
        }
        return new Sizes(hidden, intermediate, layers, channels, patch, imageSize);
    }

    /**
     * The tower's tensors, named under the checkpoint's prefixes.
     *
     * @param tower     the tower's module prefix, e.g. {@code vision_tower.vision_model.}
     * @param layers    the prefix of one layer, e.g. {@code vision_tower.vision_model.encoder.layers.*.}
     * @param positions learned position embeddings (rows of {@code hidden}); 0 for none
     */
    static List<TensorGroup> encoder(String tower, String layers, Sizes s, Layout layout, long positions) {
        long h = s.hidden();
        long i = s.intermediate();
        List<TensorGroup> groups = new ArrayList<>();
        groups.add(matrix(
                VISION_ENCODER, tower + "patch_embedding.weight", h, (long) s.channels() * s.patch() * s.patch()));
        if (layout.patchBias()) {
            groups.add(vector(VISION_ENCODER, tower + "patch_embedding.bias", h, 1));
        }
        if (positions > 0) {
            groups.add(matrix(VISION_ENCODER, tower + "position_embedding.weight", positions, h));
        }
        int n = layout.norm().vectors;
        if (layout.preNorm()) {
            groups.add(vector(VISION_ENCODER, tower + "pre-norm", h, n));
        }
        List<TensorGroup> layer = new ArrayList<>();
        layer.add(matrix(VISION_ENCODER, layers + "attention.{q,k,v,o}_proj.weight", h, h)
                .times(4));
        if (layout.bias()) {
            layer.add(vector(VISION_ENCODER, layers + "attention.{q,k,v,o}_proj.bias", h, 4));
        }
        if (layout.gatedMlp()) {
            layer.add(matrix(VISION_ENCODER, layers + "mlp.{gate,up}_proj.weight", i, h)
                    .times(2));
            layer.add(matrix(VISION_ENCODER, layers + "mlp.down_proj.weight", h, i));
            if (layout.bias()) {
                layer.add(vector(VISION_ENCODER, layers + "mlp.{gate,up}_proj.bias", i, 2));
                layer.add(vector(VISION_ENCODER, layers + "mlp.down_proj.bias", h, 1));
            }
        } else {
            layer.add(matrix(VISION_ENCODER, layers + "mlp.fc1.weight", i, h));
            layer.add(matrix(VISION_ENCODER, layers + "mlp.fc2.weight", h, i));
            if (layout.bias()) {
                layer.add(vector(VISION_ENCODER, layers + "mlp.fc1.bias", i, 1));
                layer.add(vector(VISION_ENCODER, layers + "mlp.fc2.bias", h, 1));
            }
        }
        layer.add(vector(VISION_ENCODER, layers + "norms (2 per layer)", h, 2L * n));
        layer.forEach(g -> groups.add(g.times(s.layers())));
        if (layout.postNorm()) {
            groups.add(vector(VISION_ENCODER, tower + "post-norm", h, n));
        }
        return groups;
    }
}
