package io.gpufit.model;

import static io.gpufit.model.ModelConfigReader.MAX_INTERMEDIATE;
import static io.gpufit.model.ModelConfigReader.MAX_LAYERS;
import static io.gpufit.model.TensorGroup.matrix;
import static io.gpufit.model.TensorRole.ROUTER;

import io.gpufit.model.DecoderConfig.RoutedExperts;
import io.gpufit.model.LayerBuilder.AttentionBias;
import java.util.List;
import java.util.Set;

/**
 * Qwen2-MoE, e.g. Qwen1.5-MoE-A2.7B ({@code models/qwen2_moe/modeling_qwen2_moe.py}): Qwen 2's
 * attention (biases on q, k and v) with, in every {@code decoder_sparse_step}-th layer not listed in
 * {@code mlp_only_layers}, a router over {@code num_experts} experts of width
 * {@code moe_intermediate_size}, plus one shared expert of width
 * {@code shared_expert_intermediate_size} that every token goes through, scaled by its own sigmoid
 * gate ({@code shared_expert_gate}: hidden to 1, replicated like a router). The other layers keep a
 * dense MLP of {@code intermediate_size}. Per MoE layer:
 *
 * <pre>
 * 4 x h^2-sized q/k/v/o (by heads) + q/k/v biases + experts x 3 x h x moe_width
 *   + 3 x h x shared_width + experts x h (router) + h (shared gate) + 2 x h (norms)
 * </pre>
 */
final class Qwen2MoeReader implements FamilyReader {

    @Override
    public Set<String> modelTypes() {
        return Set.of("qwen2_moe");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        LlamaStyle qwen = LlamaStyle.read(config, false, c -> AttentionBias.QKV_ONLY);
        DecoderConfig c = qwen.config();
        RoutedExperts experts = c.routedExperts("num_experts");
        int expertWidth = config.positive(MAX_INTERMEDIATE, "moe_intermediate_size");
        int sharedWidth = config.optional("shared_expert_intermediate_size", 0, MAX_INTERMEDIATE, 0);
        int step = config.optional("decoder_sparse_step", 1, MAX_LAYERS, 1);
        Set<Integer> denseOnly = config.layerIndices("mlp_only_layers", c.layers);
        int moeLayers = c.countLayers(layer -> !denseOnly.contains(layer) && (layer + 1) % step == 0);

        LayerBuilder attention = qwen.layer(false, 2);
        LayerBuilder sparse = attention.copy().moe(expertWidth, experts);
        if (sharedWidth > 0) {
            String mlp = LayerBuilder.MLP;
            sparse.sharedExperts(mlp + ".shared_expert", sharedWidth)
                    .add(matrix(ROUTER, mlp + ".shared_expert_gate.weight", 1, c.hidden));
        }
        Decoder decoder = qwen.decoder(modelType, notes)
                .experts(experts, sharedWidth > 0 ? 1 : 0)
                .layers(sparse.groups(), moeLayers);
        if (moeLayers < c.layers) {
            decoder.layers(attention.mlp(c.intermediateSize(), false).groups(), c.layers - moeLayers);
        }
        return decoder.windows(c.windows().qwen()).build();
    }
}
