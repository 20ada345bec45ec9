package io.gpufit.plan;

import java.util.List;
import java.util.Optional;

/**
 * Where an estimate can run.
 *
 * @param recommended the GPU to use, if any fits
 * @param recommendationReason why that GPU; null when none fits
 * @param candidates  every GPU considered: fitting ones first, in order of preference
 * @param shortfall   when nothing fits, how far the largest compatible GPU falls short
 * @param warnings    caveats about the request as a whole
 */
public record FitPlan(
        Optional<Candidate> recommended,
        String recommendationReason,
        List<Candidate> candidates,
        Optional<Shortfall> shortfall,
        List<String> warnings) {

    public FitPlan {
        candidates = List.copyOf(candidates);
        warnings = List.copyOf(warnings);
    }

    /**
     * What is missing when nothing fits.
     *
     * @param largest        the largest compatible GPU considered, null when none is compatible
     * @param requiredBytes  the estimate's total
     * @param shortfallBytes required minus the largest GPU's budget
     */
    public record Shortfall(Candidate largest, long requiredBytes, long shortfallBytes, String message) {
    }
}
