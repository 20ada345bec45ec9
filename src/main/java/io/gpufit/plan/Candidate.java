package io.gpufit.plan;

import io.gpufit.gpu.GpuProfile;
import java.math.BigDecimal;

/**
 * One GPU weighed against an estimate.
 *
 * @param budgetBytes     usable memory x memory utilization, rounded down: what the job may use
 * @param headroomBytes   budget minus the estimate's total; negative when it does not fit
 * @param headroomPercent headroom as a percentage of the budget, two decimals
 * @param compatible      false when the GPU cannot run the requested formats at all
 * @param fits            compatible and the total is within the budget
 * @param reason          why it does not fit or is not compatible; null when it fits
 * @param warning         a caveat that does not exclude the GPU (e.g. no native BF16); may be null
 */
public record Candidate(
        GpuProfile gpu,
        long budgetBytes,
        long headroomBytes,
        BigDecimal headroomPercent,
        boolean compatible,
        boolean fits,
        String reason,
        String warning) {
}
