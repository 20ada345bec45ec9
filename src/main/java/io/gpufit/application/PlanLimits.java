package io.gpufit.application;

/**
 * How much one batch may ask for.
 *
 * @param maxCandidateRows the most candidate rows one answer may hold: the sum over the scenarios
 *                         of the GPUs each is weighed against (its own {@code gpus}, else the
 *                         batch's, else the whole catalog)
 * @param maxViolations    once this many violations are found, the scenarios after the one being
 *                         checked are not checked: the answer could not list their violations anyway
 */
public record PlanLimits(long maxCandidateRows, int maxViolations) {

    public PlanLimits {
        if (maxCandidateRows < 1 || maxViolations < 1) {
            throw new IllegalArgumentException("plan limits must be at least 1: " + maxCandidateRows
                    + " candidate rows, " + maxViolations + " violations");
        }
    }
}
