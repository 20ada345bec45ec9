package io.gpufit.model;

import io.gpufit.model.DecoderConfig.RoutedExperts;
import java.util.List;
import java.util.Set;

/**
 * Mixtral ({@code models/mixtral/modeling_mixtral.py}): Mistral's attention with every MLP replaced
 * by {@code num_local_experts} routed experts of width {@code intermediate_size}
 * ({@code block_sparse_moe}); no shared expert, no biases.
 */
final class MixtralReader implements FamilyReader {

    private static final String MOE = "model.layers.*.block_sparse_moe.";

    @Override
    public Set<String> modelTypes() {
        return Set.of("mixtral");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        LlamaStyle mixtral = LlamaStyle.read(config, false);
        DecoderConfig c = mixtral.config();
        RoutedExperts experts = c.routedExperts("num_local_experts");
        LayerBuilder layer = mixtral.layer(false, 2)
                .router(MOE + "gate.weight", experts)
                .experts(MOE + "experts.*", c.intermediateSize(), experts);
        return mixtral.decoder(modelType, notes)
                .experts(experts, 0)
                .layers(layer.groups(), c.layers)
                .build();
    }
}
