package io.gpufit.plan;

import java.util.List;

/**
 * Where an estimate can run. Without an inventory exactly one of {@code recommended} and
 * {@code shortfall} is present; with one, {@code shortfall} is present when nothing fits at all, and
 * {@code recommended} when something the inventory holds fits (so both are null when only placements
 * the inventory cannot hold fit).
 *
 * @param recommended          the placement to use; null when none fits (or, with an inventory, none it holds)
 * @param recommendationReason why that placement; null when there is none
 * @param candidates           every GPU (and MIG slice) considered: fitting ones first, in order of preference
 * @param shortfall            how far the largest compatible GPU falls short; null when one fits
 * @param warnings             caveats about the request as a whole
 * @param inventory            what the inventory changed; null without an inventory
 */
public record FitPlan(
        Candidate recommended,
        String recommendationReason,
        List<Candidate> candidates,
        Shortfall shortfall,
        List<String> warnings,
        InventoryCheck inventory) {

    public FitPlan {
        Candidate best = inventory == null ? recommended : inventory.bestIgnoringInventory();
        if ((best == null) == (shortfall == null)) {
            throw new IllegalArgumentException("a plan has either a placement that fits or a shortfall");
        }
        if (inventory != null && recommended != null && !inventory.inventory().holds(recommended)) {
            throw new IllegalArgumentException("the recommendation must be one the inventory holds");
        }
        candidates = List.copyOf(candidates);
        warnings = List.copyOf(warnings);
    }

    /** A plan without an inventory. */
    public FitPlan(
            Candidate recommended,
            String recommendationReason,
            List<Candidate> candidates,
            Shortfall shortfall,
            List<String> warnings) {
        this(recommended, recommendationReason, candidates, shortfall, warnings, null);
    }

    /**
     * What the inventory made of the plan.
     *
     * @param inventory              the GPUs free
     * @param bestIgnoringInventory  the placement recommended were every GPU free; null when nothing fits at all
     * @param bestReason             why that placement would be recommended; null when nothing fits
     * @param message                whether the inventory holds the recommendation, and what would fit when it holds
     *                               nothing that does
     */
    public record InventoryCheck(
            Inventory inventory, Candidate bestIgnoringInventory, String bestReason, String message) {}

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
