package io.gpufit.model;

import static io.gpufit.model.ModelConfigReader.MAX_INTERMEDIATE;
import static io.gpufit.model.ModelConfigReader.MAX_LAYERS;

import io.gpufit.model.DecoderConfig.RoutedExperts;
import java.util.List;
import java.util.Set;

/**
 * Qwen3-MoE ({@code models/qwen3_moe/modeling_qwen3_moe.py}): Qwen 3's attention (q/k norms, no
 * biases) with {@code num_experts} routed experts of width {@code moe_intermediate_size} and no
 * shared expert. Experts replace the MLP in every {@code decoder_sparse_step}-th layer not listed in
 * {@code mlp_only_layers}; the other layers keep a dense MLP of {@code intermediate_size}.
 */
final class Qwen3MoeReader implements FamilyReader {

    @Override
    public Set<String> modelTypes() {
        return Set.of("qwen3_moe");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        LlamaStyle qwen = LlamaStyle.read(config, false);
        DecoderConfig c = qwen.config();
        RoutedExperts experts = c.routedExperts("num_experts");
        int expertWidth = config.positive(MAX_INTERMEDIATE, "moe_intermediate_size");
        int step = config.optional("decoder_sparse_step", 1, MAX_LAYERS, 1);
        Set<Integer> denseOnly = config.layerIndices("mlp_only_layers", c.layers);
        int moeLayers = c.countLayers(layer -> !denseOnly.contains(layer) && (layer + 1) % step == 0);

        LayerBuilder attention = qwen.layer(true, 2);
        Decoder decoder = qwen.decoder(modelType, notes)
                .experts(experts, 0)
                .layers(attention.copy().moe(expertWidth, experts).groups(), moeLayers);
        if (moeLayers < c.layers) {
            decoder.layers(attention.mlp(c.intermediateSize(), false).groups(), c.layers - moeLayers);
        }
        return decoder.windows(c.windows().qwen()).build();
    }
}
