package io.gpufit.model;

import io.gpufit.model.LayerBuilder.AttentionBias;
import java.util.List;
import java.util.Set;

/**
 * Qwen 2 and 2.5 ({@code models/qwen2/modeling_qwen2.py}) and Qwen 3 ({@code models/qwen3/modeling_qwen3.py}):
 * Llama's layer, where Qwen 2 always biases q, k and v (never o, and has no {@code attention_bias}
 * to say otherwise) and Qwen 3 drops those biases for RMSNorms on q and k. Layers slide only with
 * {@code use_sliding_window}, which no published checkpoint sets.
 */
final class QwenReader implements FamilyReader {

    @Override
    public Set<String> modelTypes() {
        return Set.of("qwen2", "qwen3");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        boolean qwen2 = modelType.equals("qwen2");
        LlamaStyle qwen =
                qwen2 ? LlamaStyle.read(config, false, c -> AttentionBias.QKV_ONLY) : LlamaStyle.read(config, false);
        return qwen.dense(qwen.layer(!qwen2, 2), modelType, notes)
                .windows(qwen.config().windows().qwen())
                .build();
    }
}
