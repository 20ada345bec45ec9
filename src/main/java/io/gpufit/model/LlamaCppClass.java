package io.gpufit.model;

/**
 * How llama.cpp classifies the model when it picks a GGUF block type per tensor
 * ({@code src/llama-quant.cpp}): some rules depend on the architecture or the size class.
 *
 * @param falcon   llama.cpp's {@code LLM_ARCH_FALCON}
 * @param llama70b llama.cpp's {@code LLM_TYPE_70B} (a Llama with 80 layers), whose attn_v gets more bits
 */
public record LlamaCppClass(boolean falcon, boolean llama70b) {

    public static final LlamaCppClass OTHER = new LlamaCppClass(false, false);
}
