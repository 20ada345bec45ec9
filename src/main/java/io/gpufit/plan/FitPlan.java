package io.gpufit.plan;

import java.util.List;

/**
 * Where an estimate can run. Exactly one of {@code recommended} and {@code shortfall} is present.
 *
 * @param recommended          the GPU to use; null when none fits
 * @param recommendationReason why that GPU; null when none fits
 * @param candidates           every GPU considered: fitting ones first, in order of preference
 * @param shortfall            how far the largest compatible GPU falls short; null when one fits
 * @param warnings             caveats about the request as a whole
 */
public record FitPlan(
        Candidate recommended,
        String recommendationReason,
        List<Candidate> candidates,
        Shortfall shortfall,
        List<String> warnings) {

    public FitPlan {
        if ((recommended == null) == (shortfall == null)) {
            throw new IllegalArgumentException("a plan has either a recommendation or a shortfall");
        }
        candidates = List.copyOf(candidates);
        warnings = List.copyOf(warnings);
    }

    /**
     * What is missing when nothing fits.
     *
     * @param largest        the largest compatible GPU that lacks memory, else the largest compatible GPU;
     *                       null when none is compatible
     * @param requiredBytes  the estimate's total
     * @param shortfallBytes the bytes {@code largest} lacks per GPU (with the textbook estimate: its
     *                       requirement plus the minimum headroom, minus its budget); 0 when no GPU lacks
     *                       memory (something else blocks, and the message says what); never negative
     */
    public record Shortfall(Candidate largest, long requiredBytes, long shortfallBytes, String message) {}
}
