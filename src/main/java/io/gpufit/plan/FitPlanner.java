package io.gpufit.plan;

import static io.gpufit.estimate.Bytes.grouped;
import static io.gpufit.estimate.Bytes.human;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.Precision;
import io.gpufit.gpu.GpuProfile;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Weighs an estimate against candidate GPUs and picks one.
 *
 * <p>Policy: a GPU fits when {@code total <= usable memory x memory utilization}. Among compatible
 * GPUs that fit, the one with the least memory wins (the smaller card is the more available one),
 * ties broken by the lower known price, then by id.
 */
public final class FitPlanner {

    /** Native BF16 arrived with NVIDIA compute capability 8.0 (Ampere). */
    static final String BF16_NOTE = "no native BF16 (compute capability below 8.0)";
    /** FP8 tensor cores arrived with NVIDIA compute capability 8.9 (Ada) and 9.0 (Hopper). */
    static final String FP8_NOTE = "FP8 needs compute capability 8.9 or higher";

    /** Preferred first: fits, then compatible, then less memory, then cheaper, then id. */
    static final Comparator<Candidate> PREFERENCE = Comparator
            .comparing(Candidate::fits).reversed()
            .thenComparing(Comparator.comparing(Candidate::compatible).reversed())
            .thenComparingLong(c -> c.gpu().usableMemoryBytes())
            .thenComparing(c -> c.gpu().pricePerHourUsd(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(c -> c.gpu().id());

    private FitPlanner() {
    }

    /**
     * @param memoryUtilization fraction of usable memory the job may use, in (0, 1]
     */
    public static FitPlan plan(MemoryEstimate estimate, List<GpuProfile> gpus, BigDecimal memoryUtilization) {
        if (memoryUtilization.signum() <= 0 || memoryUtilization.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("memoryUtilization must be in (0, 1], was " + memoryUtilization);
        }
        List<Candidate> candidates = new ArrayList<>();
        for (GpuProfile gpu : gpus) {
            candidates.add(weigh(estimate, gpu, memoryUtilization));
        }
        candidates.sort(PREFERENCE);

        List<String> warnings = new ArrayList<>();
        List<String> withoutBf16 = candidates.stream().filter(c -> c.warning() != null)
                .map(c -> c.gpu().name()).toList();
        if (!withoutBf16.isEmpty()) {
            warnings.add("BF16 requested; " + String.join(", ", withoutBf16) + " have " + BF16_NOTE
                    + ": serve in FP16 there, which needs the same memory but can overflow where BF16 would not.");
        }
        Optional<Candidate> recommended = candidates.stream().filter(Candidate::fits).findFirst();
        Optional<FitPlan.Shortfall> shortfall = recommended.isPresent()
                ? Optional.empty()
                : Optional.of(shortfall(estimate, candidates));
        shortfall.ifPresent(s -> warnings.add(s.message()));
        String reason = recommended.map(c -> recommendationReason(c, candidates, memoryUtilization)).orElse(null);
        return new FitPlan(recommended, reason, candidates, shortfall, warnings);
    }

    /** Budget = usable memory x utilization, rounded down to a whole byte. */
    static long budgetBytes(GpuProfile gpu, BigDecimal memoryUtilization) {
        return BigDecimal.valueOf(gpu.usableMemoryBytes()).multiply(memoryUtilization)
                .setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static Candidate weigh(MemoryEstimate estimate, GpuProfile gpu, BigDecimal memoryUtilization) {
        long budget = budgetBytes(gpu, memoryUtilization);
        long headroom = budget - estimate.totalBytes();
        BigDecimal headroomPercent = BigDecimal.valueOf(headroom).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(budget), 2, RoundingMode.HALF_EVEN);
        String incompatibility = incompatibility(estimate.precision(), gpu);
        boolean compatible = incompatibility == null;
        boolean fits = compatible && headroom >= 0;
        String reason = null;
        if (!compatible) {
            reason = incompatibility;
        } else if (!fits) {
            reason = "needs %s B (%s) but %s allows %s B (%s x %s usable): %s B short".formatted(
                    grouped(estimate.totalBytes()), human(estimate.totalBytes()), gpu.name(), grouped(budget),
                    grouped(gpu.usableMemoryBytes()), memoryUtilization.toPlainString(), grouped(-headroom));
        }
        String warning = usesBf16(estimate.precision()) && !gpu.nativeBf16()
                ? gpu.name() + " has " + BF16_NOTE + ": serve in FP16 (same memory)"
                : null;
        return new Candidate(gpu, budget, headroom, headroomPercent, compatible, fits, reason, warning);
    }

    private static String recommendationReason(Candidate chosen, List<Candidate> all, BigDecimal memoryUtilization) {
        long others = all.stream().filter(Candidate::fits).count() - 1;
        return ("Smallest compatible GPU that fits (the smaller card is the more available one): needs %s B of its "
                + "%s B budget (%s B usable x %s), leaving %s B (%s%%); %d larger or pricier GPU%s also fit%s.")
                .formatted(grouped(chosen.budgetBytes() - chosen.headroomBytes()), grouped(chosen.budgetBytes()),
                        grouped(chosen.gpu().usableMemoryBytes()), memoryUtilization.toPlainString(),
                        grouped(chosen.headroomBytes()), chosen.headroomPercent().toPlainString(), others,
                        others == 1 ? "" : "s", others == 1 ? "s" : "");
    }

    private static String incompatibility(Precision precision, GpuProfile gpu) {
        boolean fp8 = precision.weights() == Dtype.FP8 || precision.weights() == Dtype.FP8_BLOCK
                || precision.kvCache() == Dtype.FP8;
        if (fp8 && !gpu.nativeFp8()) {
            return "not compatible: " + FP8_NOTE + "; " + gpu.name() + " has " + gpu.computeCapability();
        }
        return null;
    }

    private static boolean usesBf16(Precision precision) {
        return precision.weights() == Dtype.BF16 || precision.kvCache() == Dtype.BF16;
    }

    private static FitPlan.Shortfall shortfall(MemoryEstimate estimate, List<Candidate> candidates) {
        long required = estimate.totalBytes();
        Optional<Candidate> largest = candidates.stream().filter(Candidate::compatible)
                .max(Comparator.comparingLong(Candidate::budgetBytes));
        if (largest.isEmpty()) {
            return new FitPlan.Shortfall(null, required, required,
                    "No GPU considered is compatible with the requested formats; needs %s B (%s)."
                            .formatted(grouped(required), human(required)));
        }
        Candidate best = largest.get();
        long missing = required - best.budgetBytes();
        return new FitPlan.Shortfall(best, required, missing,
                ("Nothing fits on one GPU: needs %s B (%s); the largest, %s, allows %s B (%s), %s B short. "
                        + "Reduce the batch or sequence length, quantize, or split across GPUs.")
                        .formatted(grouped(required), human(required), best.gpu().name(),
                                grouped(best.budgetBytes()), human(best.budgetBytes()), grouped(missing)));
    }
}
