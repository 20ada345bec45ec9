package io.gpufit.model;

/**
 * The mixture-of-experts layers of a model.
 *
 * @param experts                routed experts per MoE layer
 * @param expertsPerToken        routed experts each token is sent to (top-k)
 * @param sharedExperts          experts every token goes through (0 when none)
 * @param expertIntermediateSize width of one routed expert's MLP
 */
public record MoeShape(int experts, int expertsPerToken, int sharedExperts, int expertIntermediateSize) {

    public MoeShape {
        if (experts <= 0
                || expertsPerToken <= 0
                || expertsPerToken > experts
                || sharedExperts < 0
                || expertIntermediateSize <= 0) {
            throw new IllegalArgumentException("invalid MoE shape");
        }
    }
}
