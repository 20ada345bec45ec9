package io.gpufit.model;

import java.util.List;
import java.util.Set;

/**
 * Llama ({@code models/llama/modeling_llama.py}) and Mistral ({@code models/mistral/modeling_mistral.py}),
 * and the generic decoder for a {@code model_type} no reader claims: q/k/v/o attention, a gated MLP,
 * two RMSNorms per layer. {@code attention_bias} and {@code mlp_bias} add biases; Mistral 7B v0.1's
 * {@code sliding_window} applies to every layer. llama.cpp puts a Llama of 80 layers in its 70B size
 * class, which changes its GGUF mixes. IBM's Granite 3 ({@code models/granite/modeling_granite.py})
 * is Llama's layer with scalar multipliers on the embeddings, residuals, attention and logits
 * ({@code embedding_multiplier}, ...), which hold no weights and are not read.
 */
final class LlamaReader implements FamilyReader {

    @Override
    public Set<String> modelTypes() {
        return Set.of("llama", "mistral", "granite");
    }

    @Override
    public ModelArchitecture read(ConfigFields config, String modelType, List<String> notes) {
        if (!modelTypes().contains(modelType)) {
            notes.add("model_type '" + (modelType.isEmpty() ? "(missing)" : modelType)
                    + "' is not a known family: counted as a generic decoder (embeddings, q/k/v/o "
                    + "attention, gated MLP, two norms per layer); check the parameter count");
        }
        LlamaStyle llama = LlamaStyle.read(config, false);
        boolean llama70b = modelType.equals("llama") && llama.config().layers == 80;
        return llama.dense(llama.layer(false, 2), modelType, notes)
                .llamaCpp(new LlamaCppClass(false, llama70b))
                .build();
    }
}
