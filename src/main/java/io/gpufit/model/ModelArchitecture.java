package io.gpufit.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model as the memory formulas see it: its shape, its cache layout and the exact inventory of
 * its weights. Built from a {@code config.json} by {@link ModelConfigReader}, or from explicit
 * sizes by {@link #explicit}.
 *
 * @param modelId          catalog or Hub id when known, else null
 * @param modelType        the config's {@code model_type}, or {@code explicit}
 * @param attention        how K and V are stored
 * @param slidingWindow    the window of the sliding-window layers, 0 when none slide
 * @param slidingLayers    how many layers use it
 * @param kvLoraRank       MLA latent width, 0 otherwise
 * @param qkRopeHeadDim    MLA decoupled rope width, 0 otherwise
 * @param numExperts       routed experts per MoE layer, 0 for dense models
 * @param expertsPerToken  routed experts each token uses
 * @param sharedExperts    experts every token uses
 * @param intermediateSize width of the dense MLP (0 when unknown)
 * @param moeIntermediateSize width of one routed expert (0 for dense models)
 * @param quantization     the checkpoint's own quantization, null when unquantized
 * @param torchDtype       the checkpoint's {@code torch_dtype} (e.g. {@code bfloat16}), null when unknown
 * @param notes            what the reader assumed or could not count (e.g. an unknown family)
 */
public record ModelArchitecture(
        String modelId,
        String modelType,
        int hiddenSize,
        int numLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        int vocabSize,
        boolean tiedEmbeddings,
        Integer maxPositionEmbeddings,
        AttentionType attention,
        int slidingWindow,
        int slidingLayers,
        int kvLoraRank,
        int qkRopeHeadDim,
        int numExperts,
        int expertsPerToken,
        int sharedExperts,
        int intermediateSize,
        int moeIntermediateSize,
        KvLayout kvLayout,
        ParameterInventory inventory,
        QuantizationSpec quantization,
        String torchDtype,
        List<String> notes) {

    public ModelArchitecture {
        notes = List.copyOf(notes);
    }

    /**
     * A model given only by its parameter count and attention shape: every parameter is counted in
     * the requested format (no part is known to stay in 16-bit), every layer caches
     * {@code 2 x KV heads x head dim} elements per token.
     */
    public static ModelArchitecture explicit(long parameters, int numLayers, int numAttentionHeads,
            int numKeyValueHeads, int headDim) {
        if (parameters <= 0 || numLayers <= 0 || numAttentionHeads <= 0 || numKeyValueHeads <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("numKeyValueHeads (" + numKeyValueHeads
                    + ") must divide numAttentionHeads (" + numAttentionHeads + ")");
        }
        var inventory = new ParameterInventory(
                List.of(TensorGroup.linear("parameters (as given)", WeightPart.UNATTRIBUTED, 1, parameters, 1)),
                List.of(), null);

        return new ModelArchitecture(null, "explicit", 0, numLayers, numAttentionHeads, numKeyValueHeads, headDim,
                0, false, null, AttentionType.fromHeads(numAttentionHeads, numKeyValueHeads), 0, 0, 0, 0, 0, 0, 0, 0, 0,
                new KvLayout(List.of(new KvLayout.LayerGroup(numLayers, 2L * numKeyValueHeads, headDim, 0))), inventory, null, null, List.of());
    }

    public long parameters() {
        return inventory.totalParameters();
    }

    public long activeParameters() {
        return inventory.activeParameters();
    }

    /** This architecture with a known id (from the catalog or the Hub). */
    public ModelArchitecture withModelId(String id) {
        return new ModelArchitecture(id, modelType, hiddenSize, numLayers, numAttentionHeads, numKeyValueHeads,
                headDim, vocabSize, tiedEmbeddings, maxPositionEmbeddings, attention, slidingWindow, slidingLayers,
                kvLoraRank, qkRopeHeadDim, numExperts, expertsPerToken, sharedExperts, intermediateSize,
                moeIntermediateSize, kvLayout, inventory,
                quantization, torchDtype, notes);
    }

    /** This architecture served in another format than its checkpoint's: its unconverted-module list no longer applies. */
    public ModelArchitecture withoutQuantization() {
        return new ModelArchitecture(modelId, modelType, hiddenSize, numLayers, numAttentionHeads, numKeyValueHeads,
                headDim, vocabSize, tiedEmbeddings, maxPositionEmbeddings, attention, slidingWindow, slidingLayers,
                kvLoraRank, qkRopeHeadDim, numExperts, expertsPerToken, sharedExperts, intermediateSize,
                moeIntermediateSize, kvLayout, inventory,
                null, torchDtype, notes);
    }

    /** Layers grouped by window: window -> layer count, in the order first met. */
    static KvLayout layout(List<Integer> windowByLayer, long vectors, long vectorLength) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int window : windowByLayer) {
            counts.merge(window, 1, Integer::sum);
        }
        List<KvLayout.LayerGroup> groups = new ArrayList<>();
        counts.forEach((window, layers) -> groups.add(new KvLayout.LayerGroup(layers, vectors, vectorLength, window)));
        return new KvLayout(groups);
    }
}
