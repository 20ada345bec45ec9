package io.gpufit.model;

/** The parts a model's weights are reported in. */
public enum WeightPart {
    EMBEDDINGS("embeddings"),
    ATTENTION("attention"),
    MLP("mlp"),
    EXPERTS("experts"),
    NORMS("norms"),
    OUTPUT_HEAD("outputHead"),
    /** A multimodal model's vision tower and the projector into the language model; absent elsewhere. */
    VISION("vision"),
    /** A model given only by its parameter count: no part is known. */
    UNATTRIBUTED("unattributed");

    private final String id;

    WeightPart(String id) {
        this.id = id;
    }

    /** The name used in responses, e.g. {@code outputHead}. */
    public String id() {
        return id;
    }
}
