package io.gpufit.model;

import java.util.List;

/**
 * A model as the memory formulas see it: its shape, its cache layout and the exact inventory of
 * its weights. Built from a {@code config.json} by {@link ModelConfigReader}, or from explicit
 * sizes by {@link #explicit}. Parts a model does not have are null, not zero.
 *
 * @param modelId           catalog or Hub id when known, else null
 * @param modelType         the config's {@code model_type} in lower case, under its family's current
 *                          name ({@code falcon} for RefinedWeb); a multimodal model keeps its own
 *                          ({@code gemma3}, {@code mistral3}), a text-only Gemma 3 is {@code gemma3_text};
 *                          empty when the config has none;
 *                          {@code explicit} for explicit sizes (a label only: {@link #explicitSizes}
 *                          says what the model is)
 * @param explicitSizes     known only by its parameter count and attention shape
 * @param hiddenSize        the residual width; null for explicit sizes
 * @param numLayers         decoder layers
 * @param attention         the heads of every layer
 * @param vocabSize         tokens in the vocabulary; null for explicit sizes
 * @param tiedEmbeddings    the output head reuses the embedding matrix
 * @param maxPositionEmbeddings the context length the config declares; null when it declares none
 * @param intermediateSize  width of the dense MLP; null when unknown
 * @param moe               the mixture-of-experts shape; null for dense models
 * @param mla               multi-head latent attention; null for other attention
 * @param kvLayout          what each layer caches per token
 * @param inventory         every weight tensor, grouped
 * @param quantization      the checkpoint's own quantization; null when unquantized
 * @param torchDtype        the checkpoint's {@code torch_dtype} (e.g. {@code bfloat16}); null when unknown
 * @param llamaCpp          how llama.cpp classifies the model for GGUF mixes
 * @param rotaryCachePositions positions of the rotary cos/sin caches vLLM builds, over its distinct rotary
 *                          embeddings (see {@link RotaryCaches}); 0 when unknown
 * @param vision            the image encoder of a multimodal model; null for text-only models
 * @param notes             what the reader assumed or could not count (e.g. an unknown family)
 */
public record ModelArchitecture(
        String modelId,
        String modelType,
        boolean explicitSizes,
        Integer hiddenSize,
        int numLayers,
        AttentionShape attention,
        Integer vocabSize,
        boolean tiedEmbeddings,
        Integer maxPositionEmbeddings,
        long rotaryCachePositions,
        Integer intermediateSize,
        MoeShape moe,
        MlaShape mla,
        KvLayout kvLayout,
        ParameterInventory inventory,
        QuantizationSpec quantization,
        String torchDtype,
        LlamaCppClass llamaCpp,
        VisionShape vision,
        List<String> notes) {

    /** The model type label of a model given by explicit sizes. */
    public static final String EXPLICIT = "explicit";

    public ModelArchitecture {
        notes = List.copyOf(notes);
    }

    /**
     * A model given only by its parameter count and attention shape: every parameter is counted in
     * the requested format (no part is known to stay in 16-bit), every layer caches
     * {@code 2 x KV heads x head dim} elements per token.
     */
    public static ModelArchitecture explicit(
            long parameters, int numLayers, int numAttentionHeads, int numKeyValueHeads, int headDim) {
        if (parameters <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        AttentionShape attention = AttentionShape.of(numAttentionHeads, numKeyValueHeads, headDim);
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("numKeyValueHeads (" + numKeyValueHeads
                    + ") must divide numAttentionHeads (" + numAttentionHeads + ")");
        }
        var inventory = new ParameterInventory(
                List.of(TensorGroup.matrix(TensorRole.UNATTRIBUTED, "parameters (as given)", 1, parameters)),
                List.of(),
                null);
        return new ModelArchitecture(
                null,
                EXPLICIT,
                true,
                null,
                numLayers,
                attention,
                null,
                false,
                null,
                0,
                null,
                null,
                null,
                KvLayout.uniform(numLayers, attention),
                inventory,
                null,
                null,
                LlamaCppClass.OTHER,
                null,
                List.of());
    }

    public long parameters() {
        return inventory.totalParameters();
    }

    public long activeParameters() {
        return inventory.activeParameters();
    }

    public int numAttentionHeads() {
        return attention.heads();
    }

    public int numKeyValueHeads() {
        return attention.kvHeads();
    }

    public int headDim() {
        return attention.headDim();
    }

    /** This architecture with a known id (from the catalog or the Hub). */
    public ModelArchitecture withModelId(String id) {
        return copy(id, quantization, notes);
    }

    /** This architecture under another id (a declared alias), with a note saying whose config it is. */
    public ModelArchitecture withModelId(String id, String note) {
        List<String> withNote = new java.util.ArrayList<>(notes);
        withNote.add(note);
        return copy(id, quantization, withNote);
    }

    /** This architecture as a quantized checkpoint of it (a declared alias of a quantized copy). */
    public ModelArchitecture withQuantization(QuantizationSpec checkpointQuantization) {
        return copy(modelId, checkpointQuantization, notes);
    }

    /** This architecture served in another format than its checkpoint's: its unconverted-module list no longer applies. */
    public ModelArchitecture withoutQuantization() {
        return copy(modelId, null, notes);
    }

    /**
     * This language model with a vision tower in front, reported as the multimodal {@code type}: the
     * tower's tensors are added to the inventory, the text model's shape and cache are kept.
     */
    ModelArchitecture withVision(String type, List<TensorGroup> tower, VisionShape visionShape) {
        List<TensorGroup> tensors = new java.util.ArrayList<>(tower);
        tensors.addAll(inventory.tensors());
        return copy(
                modelId,
                type,
                new ParameterInventory(tensors, inventory.extraModule(), inventory.extraModuleName()),
                quantization,
                visionShape,
                notes);
    }

    private ModelArchitecture copy(String id, QuantizationSpec checkpointQuantization, List<String> newNotes) {
        return copy(id, modelType, inventory, checkpointQuantization, vision, newNotes);
    }

    private ModelArchitecture copy(
            String id,
            String type,
            ParameterInventory tensors,
            QuantizationSpec checkpointQuantization,
            VisionShape visionShape,
            List<String> newNotes) {
        return new ModelArchitecture(
                id,
                type,
                explicitSizes,
                hiddenSize,
                numLayers,
                attention,
                vocabSize,
                tiedEmbeddings,
                maxPositionEmbeddings,
                rotaryCachePositions,
                intermediateSize,
                moe,
                mla,
                kvLayout,
                tensors,
                checkpointQuantization,
                torchDtype,
                llamaCpp,
                visionShape,
                newNotes);
    }
}
