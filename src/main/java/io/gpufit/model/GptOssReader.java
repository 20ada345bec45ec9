package io.gpufit.model;

import static io.gpufit.model.TensorGroup.matrix;
import static io.gpufit.model.TensorGroup.vector;
import static io.gpufit.model.TensorRole.ATTENTION_SINK;
import static io.gpufit.model.TensorRole.EXPERT_DOWN;
import static io.gpufit.model.TensorRole.EXPERT_GATE_UP;
import static io.gpufit.model.TensorRole.ROUTER;

import io.gpufit.model.DecoderConfig.RoutedExperts;
import io.gpufit.model.LayerBuilder.AttentionBias;
import java.util.List;
import java.util.Set;

/**
 * gpt-oss ({@code models/gpt_oss/modeling_gpt_oss.py}): q/k/v/o attention, all biased, with a
 * learned sink per head; a biased router; experts whose gate and up projections are fused and,
 * like the down projection, biased, each stored as one tensor for all experts of a layer.
 * {@code layer_types} alternates sliding (window 128) and full layers.
 */
final class GptOssReader implements FamilyReader {

    private static final String MLP = LayerBuilder.MLP + ".";

    @Override
    public Set<String> modelTypes() {
        return Set.of("gpt_oss");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        DecoderConfig c = new DecoderConfig(config);
        AttentionShape attention = c.attention();
        RoutedExperts experts = c.routedExperts("num_local_experts", "num_experts");
        int width = c.intermediateSize();
        boolean tied = c.tied(false);
        LayerBuilder layer = c.layer()
                .attention(attention, AttentionBias.ALL, false)
                .add(vector(ATTENTION_SINK, LayerBuilder.ATTENTION + "sinks", attention.heads(), 1))
                .router(MLP + "router.weight", experts)
                .add(vector(ROUTER, MLP + "router.bias", experts.count(), 1))
                .perExpert(
                        experts,
                        matrix(EXPERT_GATE_UP, MLP + "experts.gate_up_proj", 2L * width, c.hidden),
                        vector(EXPERT_GATE_UP, MLP + "experts.gate_up_proj_bias", 2L * width, 1),
                        matrix(EXPERT_DOWN, MLP + "experts.down_proj", c.hidden, width),
                        vector(EXPERT_DOWN, MLP + "experts.down_proj_bias", c.hidden, 1))
                .norms(2);
        SlidingWindows windows = c.windows();
        return c.decoder(modelType, notes)
                .attention(attention)
                .tied(tied)
                .experts(experts, 0)
                .layers(layer.groups(), c.layers)
                .windows(windows.pattern(windows.window(0), i -> i % 2 == 0))
                .build();
    }
}
