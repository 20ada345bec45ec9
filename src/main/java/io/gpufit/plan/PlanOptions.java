package io.gpufit.plan;

/**
 * What a plan may use beyond whole GPUs of the candidate types, and what is free.
 *
 * @param allowMig  consider each GPU's MIG slices too, one slice per placement (no tensor or pipeline
 *                  parallelism across slices)
 * @param inventory the GPUs free to use; null when any placement may be recommended
 */
public record PlanOptions(boolean allowMig, Inventory inventory) {

    /** Whole GPUs only, any placement. */
    public static final PlanOptions NONE = new PlanOptions(false, null);
}
