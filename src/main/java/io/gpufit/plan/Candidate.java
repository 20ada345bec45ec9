package io.gpufit.plan;

import io.gpufit.gpu.GpuProfile;
import io.gpufit.gpu.MigProfile;
import java.math.BigDecimal;
import java.util.List;

/**
 * One GPU type, or one MIG slice of a GPU type, weighed against an estimate, at the smallest GPU
 * count that fits (or the largest tried when none does).
 *
 * @param gpu             the GPU; for a MIG slice the slice as a process sees it ({@link GpuProfile#slice}):
 *                        the GPU's id, the slice's memory and its share of bandwidth and compute
 * @param placement       the placement this row reports
 * @param tried           every placement tried, in the engine's order (1, 2, 4, 8 GPUs, or a fixed TP x PP)
 * @param budgetBytes     what the engine may use of one GPU: usable memory x utilization, rounded down
 * @param requiredBytes   what the busiest GPU of the placement needs
 * @param headroomBytes   budget minus required; negative when it does not fit
 * @param headroomPercent headroom as a percentage of the budget, two decimals
 * @param compatible      false when the GPU cannot run the requested formats, or the engine, at all
 * @param fits            compatible and the placement fits
 * @param reason          why it does not fit or is not compatible; null when it fits
 * @param caveat          something to know that does not exclude the GPU (e.g. no native BF16); null when none
 * @param pricePerHourUsd price of the whole placement (count x price per GPU); null when unknown
 * @param capacity        the load the placement can take; null when it is invalid
 * @param speed           roofline speeds; null when the placement is invalid
 * @param mig             the MIG profile when this is one slice of the GPU (always one slice, TP 1); null for
 *                        whole GPUs
 */
public record Candidate(
        GpuProfile gpu,
        Placement placement,
        List<Placement> tried,
        long budgetBytes,
        long requiredBytes,
        long headroomBytes,
        BigDecimal headroomPercent,
        boolean compatible,
        boolean fits,
        String reason,
        Caveat caveat,
        BigDecimal pricePerHourUsd,
        Capacity capacity,
        Speed speed,
        MigProfile mig) {

    public Candidate {
        tried = List.copyOf(tried);
        if (mig != null && placement.gpus() != 1) {
            throw new IllegalArgumentException(
                    "a MIG slice runs alone: no tensor or pipeline parallelism across slices");
        }
    }

    /** Whether this is one MIG slice of the GPU rather than whole GPUs. */
    public boolean migSlice() {
        return mig != null;
    }

    /** Whole GPUs the placement takes from an inventory: its count, or the one GPU a MIG slice is cut from. */
    public int wholeGpus() {
        return mig == null ? count() : 1;
    }

    /** {@code 2 x NVIDIA H100 SXM5 80GB}, or {@code 1 x NVIDIA A100 SXM4 80GB MIG 1g.10gb} for a slice. */
    public String describe() {
        return count() + " x " + gpu.name();
    }

    public int count() {
        return placement.gpus();
    }

    /** What the caveat says of this GPU; null when there is none. */
    public String warning() {
        return caveat == null ? null : caveat.about(gpu);
    }
}
