package io.gpufit.model;

import static io.gpufit.model.TensorGroup.matrix;
import static io.gpufit.model.TensorRole.ATTENTION_OUTPUT;
import static io.gpufit.model.TensorRole.ATTENTION_QKV;
import static io.gpufit.model.TensorRole.MLP_DOWN;
import static io.gpufit.model.TensorRole.MLP_GATE_UP;

import java.util.List;
import java.util.Set;

/**
 * Phi-3 ({@code models/phi3/modeling_phi3.py}): Llama's layer with q, k and v fused into one
 * {@code qkv_proj} and gate and up into one {@code gate_up_proj}: the counts of separate
 * projections, but one tensor each to shard and quantize. No biases.
 */
final class Phi3Reader implements FamilyReader {

    @Override
    public Set<String> modelTypes() {
        return Set.of("phi3");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        DecoderConfig c = new DecoderConfig(config);
        AttentionShape attention = c.attention();
        int width = c.intermediateSize();
        boolean tied = c.tied(false);
        LayerBuilder layer = c.layer()
                .add(
                        matrix(
                                ATTENTION_QKV,
                                LayerBuilder.ATTENTION + "qkv_proj.weight",
                                LayerBuilder.fusedQkvRows(attention),
                                c.hidden),
                        matrix(
                                ATTENTION_OUTPUT,
                                LayerBuilder.ATTENTION + "o_proj.weight",
                                c.hidden,
                                (long) attention.heads() * attention.headDim()),
                        matrix(MLP_GATE_UP, LayerBuilder.MLP + ".gate_up_proj.weight", 2L * width, c.hidden),
                        matrix(MLP_DOWN, LayerBuilder.MLP + ".down_proj.weight", c.hidden, width));
        return c.decoder(modelType, notes)
                .attention(attention)
                .tied(tied)
                .layers(layer.norms(2).groups(), c.layers)
                .build();
    }
}
