package io.gpufit.plan;

import static io.gpufit.estimate.Bytes.grouped;
import static io.gpufit.estimate.Bytes.human;

import io.gpufit.estimate.Bytes;
import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.EstimateOverflowException;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.Precision;
import io.gpufit.estimate.ShardSizes;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.gpu.MigProfile;
import io.gpufit.model.ModelArchitecture;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Weighs an estimate against candidate GPUs under a serving engine and picks a placement.
 *
 * <p>Policy: a placement fits when the engine says the workload fits every GPU of it (textbook:
 * each GPU's share stays within {@code usable memory x memory utilization}; vLLM: it starts and its
 * KV cache holds the workload). Each GPU type is tried on the engine's placements (1, 2, 4 and 8
 * GPUs with tensor parallelism unless the engine fixes TP x PP), smallest first, skipping TP sizes
 * that cannot split the model. One GPU that fits beats several: among those, the least memory wins
 * (the smaller card is the more available one), then the lower price. When several GPUs are
 * needed, the fewest win, then the lowest price per hour of the whole placement, then the least
 * memory.
 *
 * <p>With {@link PlanOptions#allowMig()} each GPU's MIG slices are candidates too, each on its own (one
 * slice, TP 1: no tensor or pipeline parallelism across slices) and ranked among single GPUs by their
 * memory; a slice that is the whole GPU (7g) is left to the GPU's own row; a whole GPU beats a slice of the same memory, a plain slice its {@code +me} twin, the slice
 * with fewer SMs one with more. With an {@link Inventory} the recommendation is the best placement the
 * inventory holds.
 */
public final class FitPlanner {

    /** FP8 tensor cores arrived with NVIDIA compute capability 8.9 (Ada) and 9.0 (Hopper). */
    static final String FP8_NOTE = "FP8 needs compute capability 8.9 or higher";

    static final Comparator<Candidate> PREFERENCE = Comparator.comparing(Candidate::fits)
            .reversed()
            .thenComparing(Comparator.comparing(Candidate::compatible).reversed())
            .thenComparingInt(Candidate::count)
            .thenComparing((a, b) -> a.count() == 1 ? 0 : nullsLast(a.pricePerHourUsd(), b.pricePerHourUsd()))
            .thenComparingLong(c -> c.gpu().usableMemoryBytes())
            .thenComparing(Candidate::pricePerHourUsd, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Candidate::migSlice)
            .thenComparing(c -> c.migSlice() && c.mig().mediaExtensions())
            .thenComparing(c -> c.migSlice() ? c.mig().computeShare() : BigDecimal.ZERO)
            .thenComparing(c -> c.gpu().id())
            .thenComparing(c -> c.migSlice() ? c.mig().name() : "");

    /** The only placement of a MIG slice: the slice alone. */
    private static final List<Parallelism> ONE_SLICE = List.of(Parallelism.SINGLE);

    private FitPlanner() {}

    /** Weighs every GPU under the engine: each at the first of the engine's placements that fits. */
    public static FitPlan plan(MemoryEstimate estimate, List<GpuProfile> gpus, ServingEngine engine) {
        return plan(estimate, gpus, engine, bf16Formats(estimate.precision()));
    }

    /**
     * Weighs every GPU under the engine: each at the first of the engine's placements that fits.
     *
     * @param bf16Origin which formats are BF16 and where they come from, for the warning about GPUs
     *                   without native BF16, e.g. {@code BF16 weights and KV cache from the model's torch_dtype bfloat16}
     */
    public static FitPlan plan(
            MemoryEstimate estimate, List<GpuProfile> gpus, ServingEngine engine, String bf16Origin) {
        return plan(estimate, gpus, engine, bf16Origin, PlanOptions.NONE);
    }

    /**
     * Weighs every GPU under the engine, and with {@code options.allowMig()} every MIG slice of them; with
     * an inventory, recommends the best placement it holds.
     *
     * @param bf16Origin which formats are BF16 and where they come from (see {@link #plan(MemoryEstimate, List,
     *                   ServingEngine, String)})
     */
    public static FitPlan plan(
            MemoryEstimate estimate,
            List<GpuProfile> gpus,
            ServingEngine engine,
            String bf16Origin,
            PlanOptions options) {
        List<Candidate> candidates = new ArrayList<>();
        ShardSizes sizes = new ShardSizes(estimate);
        boolean slices = options.allowMig() && engine.placements().contains(Parallelism.SINGLE);
        for (GpuProfile gpu : gpus) {
            try {
                candidates.add(weigh(sizes, gpu, engine, engine.placements(), null));
                if (slices) {
                    for (MigProfile mig : gpu.migProfiles()) {
                        if (mig.wholeGpu()) {
                            continue; // the whole GPU's own row stands for it, without needing MIG mode
                        }
                        candidates.add(weigh(sizes, gpu.slice(mig), engine, ONE_SLICE, mig));
                    }
                }
            } catch (ArithmeticException overflow) {
                // every budget figure is exact: one beyond a long is a 400, never a wrapped answer
                throw new EstimateOverflowException("a placement on " + gpu.name());
            }
        }
        candidates.sort(PREFERENCE);

        List<String> warnings = caveatWarnings(candidates, bf16Origin);
        if (options.allowMig()) {
            migWarning(gpus, slices).ifPresent(warnings::add);
        }
        Candidate best = candidates.stream().filter(Candidate::fits).findFirst().orElse(null);
        Inventory inventory = options.inventory();
        FitPlan.Shortfall shortfall = null;
        if (best == null) {
            shortfall = shortfall(estimate, candidates);
            warnings.add(shortfall.message());
        }
        if (inventory == null) {
            return new FitPlan(
                    best,
                    best == null ? null : recommendationReason(best, candidates, engine.minHeadroomBytes()),
                    candidates,
                    shortfall,
                    warnings);
        }
        Candidate held = candidates.stream()
                .filter(c -> c.fits() && inventory.holds(c))
                .findFirst()
                .orElse(null);
        String bestReason = best == null ? null : recommendationReason(best, candidates, engine.minHeadroomBytes());
        FitPlan.InventoryCheck check =
                new FitPlan.InventoryCheck(inventory, best, bestReason, inventoryMessage(inventory, best, held));
        if (best != null && held == null) {
            warnings.add(check.message());
        }
        String reason = held == null
                ? null
                : held == best
                        ? bestReason + heldNote(inventory, held)
                        : inventoryReason(held, candidates, inventory, engine.minHeadroomBytes());
        return new FitPlan(held, reason, candidates, shortfall, warnings, check);
    }

    /** Why no slice was considered although MIG was allowed; empty when some were. */
    private static Optional<String> migWarning(List<GpuProfile> gpus, boolean slicesTried) {
        if (!slicesTried) {
            return Optional.of("allowMig: no MIG slice was considered: a slice runs the model alone (TP 1, PP 1), "
                    + "and the engine's fixed tensor or pipeline parallel size excludes that");
        }
        if (gpus.stream().allMatch(g -> g.migProfiles().isEmpty())) {
            return Optional.of("allowMig: none of the GPUs considered has MIG profiles in the catalog (GET /gpus/{id} "
                    + "lists them: A100, H100, GH200, H200 and B200 have some)");
        }
        return Optional.empty();
    }

    /** The inventory's verdict: whether it holds the best placement, else what it holds, else what would fit. */
    private static String inventoryMessage(Inventory inventory, Candidate best, Candidate held) {
        if (best == null) {
            return "Nothing fits, with or without the inventory: see shortfall.";
        }
        if (held == best) {
            return "The inventory holds the best placement, %s: %s."
                    .formatted(best.describe(), freeOf(inventory, best));
        }
        if (held != null) {
            return ("The best placement, %s, is not free (%s); recommended instead the best the inventory holds, %s (%s).")
                    .formatted(best.describe(), freeOf(inventory, best), held.describe(), freeOf(inventory, held));
        }
        return ("Nothing the inventory holds fits; what would fit: %s (%s), see inventory.bestIgnoringInventory and the "
                        + "candidates.")
                .formatted(best.describe(), freeOf(inventory, best));
    }

    /** {@code 1 h100-sxm5-80gb free}, and what a slice takes. */
    private static String freeOf(Inventory inventory, Candidate candidate) {
        int free = inventory.free(candidate.gpu().id());
        return "%d %s free%s"
                .formatted(
                        free,
                        candidate.gpu().id(),
                        candidate.migSlice() ? ", a MIG slice takes one whole GPU of the inventory" : "");
    }

    private static String heldNote(Inventory inventory, Candidate held) {
        return " The inventory holds it: " + freeOf(inventory, held) + ".";
    }

    /** Why a placement the inventory holds was recommended over better ones it does not hold. */
    private static String inventoryReason(Candidate held, List<Candidate> all, Inventory inventory, long minHeadroom) {
        List<String> passedOver = new ArrayList<>();
        for (Candidate c : all) {
            if (c == held) {
                break;
            }
            if (c.fits()) {
                passedOver.add("%s (%d free)"
                        .formatted(c.describe(), inventory.free(c.gpu().id())));
            }
        }
        int shown = Math.min(3, passedOver.size());
        String others = String.join(", ", passedOver.subList(0, shown))
                + (passedOver.size() > shown ? " and " + (passedOver.size() - shown) + " more" : "");
        return ("The best placement the inventory holds (%s): %s (tensor parallel %d, pipeline parallel %d) needs %s B "
                        + "per GPU of its %s B budget, leaving %s B (%s%%)%s. Ranked higher but not free: %s.")
                .formatted(
                        freeOf(inventory, held),
                        held.describe(),
                        held.placement().parallelism().tp(),
                        held.placement().parallelism().pp(),
                        grouped(held.requiredBytes()),
                        grouped(held.budgetBytes()),
                        grouped(held.headroomBytes()),
                        held.headroomPercent().toPlainString(),
                        margin(minHeadroom),
                        others);
    }

    private static Candidate weigh(
            ShardSizes sizes, GpuProfile gpu, ServingEngine engine, List<Parallelism> placements, MigProfile mig) {
        Precision precision = sizes.estimate().precision();
        String incompatibility = incompatibility(precision, gpu)
                .or(() -> engine.incompatibility(gpu))
                .orElse(null);
        List<Placement> tried = tryPlacements(sizes, gpu, engine, placements);
        // Nothing fits: report the smallest valid placement, so the shortfall reads against one GPU.
        Placement chosen = tried.stream()
                .filter(Placement::fits)
                .findFirst()
                .or(() -> tried.stream().filter(Placement::valid).findFirst())
                .orElse(tried.get(0));
        boolean compatible = incompatibility == null;
        boolean fits = compatible && chosen.fits();
        long headroom = Math.subtractExact(chosen.budgetBytes(), chosen.requiredBytes());
        BigDecimal headroomPercent = BigDecimal.valueOf(headroom)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(chosen.budgetBytes()), 2, RoundingMode.HALF_EVEN);
        String reason = !compatible ? incompatibility : fits ? null : chosen.reason();
        BigDecimal price = gpu.pricePerHourUsd() == null
                ? null
                : gpu.pricePerHourUsd().multiply(BigDecimal.valueOf(chosen.gpus()));
        Capacity capacity = chosen.valid() ? chosen.budget().capacity() : null;
        Speed speed = chosen.valid() ? Roofline.speed(sizes, gpu, chosen.parallelism()) : null;
        return new Candidate(
                gpu,
                chosen,
                tried,
                chosen.budgetBytes(),
                chosen.requiredBytes(),
                headroom,
                headroomPercent,
                compatible,
                fits,
                reason,
                Caveat.of(precision, gpu),
                price,
                capacity,
                speed,
                mig);
    }

    /** The engine's placements in order, up to the first that fits. */
    private static List<Placement> tryPlacements(
            ShardSizes sizes, GpuProfile gpu, ServingEngine engine, List<Parallelism> placements) {
        List<Placement> tried = new ArrayList<>();
        for (Parallelism parallelism : placements) {
            Placement placement = place(sizes, gpu, parallelism, engine);
            tried.add(placement);
            if (placement.fits()) {
                break;
            }
        }
        return tried;
    }

    private static Placement place(ShardSizes sizes, GpuProfile gpu, Parallelism parallelism, ServingEngine engine) {
        ModelArchitecture model = sizes.estimate().model();
        Optional<String> invalid = parallelism.invalidity(model).map(Parallelism.Invalidity::reason);
        if (invalid.isPresent()) {
            return Placement.invalid(
                    parallelism,
                    engine.limitBytes(gpu),
                    invalid.get() + " (" + Bytes.count(model.numAttentionHeads(), "head") + ", "
                            + Bytes.count(model.numKeyValueHeads(), "KV head") + ")");
        }
        return Placement.of(parallelism, engine.budget(sizes, parallelism, gpu));
    }

    /** Which of the formats are BF16, e.g. {@code BF16 weights and KV cache}. */
    public static String bf16Formats(Precision precision) {
        boolean weights = precision.weights() == Dtype.BF16;
        boolean kv = precision.kvCache() == Dtype.BF16;
        return "BF16 " + (weights && kv ? "weights and KV cache" : weights ? "weights" : "KV cache");
    }

    /** One warning per kind of caveat, naming the GPUs it applies to, in the candidates' order. */
    private static List<String> caveatWarnings(List<Candidate> candidates, String bf16Origin) {
        List<String> warnings = new ArrayList<>();
        for (Caveat caveat : Caveat.values()) {
            List<String> gpus = candidates.stream()
                    .filter(c -> c.caveat() == caveat)
                    .map(c -> c.gpu().name())
                    .toList();
            if (!gpus.isEmpty()) {
                warnings.add(caveat.summary(gpus, bf16Origin));
            }
        }
        return warnings;
    }

    private static int nullsLast(BigDecimal a, BigDecimal b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return a.compareTo(b);
    }

    private static String margin(long minHeadroom) {
        return minHeadroom == 0
                ? ""
                : ", at least the minimum headroom of %s B per GPU kept for the runtime"
                        .formatted(grouped(minHeadroom));
    }

    private static String recommendationReason(Candidate chosen, List<Candidate> all, long minHeadroom) {
        long others = all.stream().filter(Candidate::fits).count() - 1;
        String margin = margin(minHeadroom);
        boolean slices = all.stream().anyMatch(Candidate::migSlice);
        if (chosen.migSlice()) {
            return ("Smallest compatible GPU or MIG slice that fits (the smaller is the more available one): %s "
                            + "needs %s B of its %s B budget, leaving %s B (%s%%)%s; %d larger or pricier GPU%s or "
                            + "slice%s also fit%s.")
                    .formatted(
                            chosen.gpu().name(),
                            grouped(chosen.requiredBytes()),
                            grouped(chosen.budgetBytes()),
                            grouped(chosen.headroomBytes()),
                            chosen.headroomPercent().toPlainString(),
                            margin,
                            others,
                            others == 1 ? "" : "s",
                            others == 1 ? "" : "s",
                            others == 1 ? "s" : "");
        }
        if (chosen.count() == 1) {
            return ("Smallest compatible GPU that fits (the smaller card is the more available one): needs %s B of "
                            + "its %s B budget, leaving %s B (%s%%)%s; %d larger or pricier GPU%s%s also fit%s.")
                    .formatted(
                            grouped(chosen.requiredBytes()),
                            grouped(chosen.budgetBytes()),
                            grouped(chosen.headroomBytes()),
                            chosen.headroomPercent().toPlainString(),
                            margin,
                            others,
                            others == 1 ? "" : "s",
                            slices ? " or MIG slice" + (others == 1 ? "" : "s") : "",
                            others == 1 ? "s" : "");
        }
        return ("No single GPU fits; the fewest GPUs that do, %d x %s (tensor parallel %d, pipeline parallel %d), "
                        + "then the lowest price per hour: needs %s B per GPU of its %s B budget, leaving %s B (%s%%)%s; %d "
                        + "other GPU type%s also fit%s.")
                .formatted(
                        chosen.count(),
                        chosen.gpu().name(),
                        chosen.placement().parallelism().tp(),
                        chosen.placement().parallelism().pp(),
                        grouped(chosen.requiredBytes()),
                        grouped(chosen.budgetBytes()),
                        grouped(chosen.headroomBytes()),
                        chosen.headroomPercent().toPlainString(),
                        margin,
                        others,
                        others == 1 ? "" : "s",
                        others == 1 ? "s" : "");
    }

    /** Why the GPU cannot run the formats, whatever the engine; empty when it can. */
    private static Optional<String> incompatibility(Precision precision, GpuProfile gpu) {
        boolean fp8 = precision.weights() == Dtype.FP8
                || precision.weights() == Dtype.FP8_BLOCK
                || precision.kvCache() == Dtype.FP8;
        if (!fp8 || gpu.nativeFp8()) {
            return Optional.empty();
        }
        // Without FP8 tensor cores vLLM still runs FP8 from compute capability 8.0 (Ampere), in the
        // same bytes: FP8 weights as weight-only W8A16 through its FP8 Marlin kernels
        // (docs/features/quantization/fp8.md: "Ampere GPUs are supported for W8A16 (weight-only
        // FP8) utilizing Marlin kernels"; marlin_utils_fp8.is_fp8_marlin_supported needs
        // capability 80, 75 in newer releases), and an fp8/fp8_e4m3/fp8_e5m2 KV cache through the
        // Triton attention backend (v1/attention/backends/triton_attn.py lists those cache dtypes
        // and supports every compute capability). Below 8.0 (V100, T4) and on AMD parts without
        // FP8 (MI250X) it stays refused.
        String capability = gpu.computeCapability();
        boolean ampereOrLater = capability != null
                && capability.matches("\\d+(\\.\\d+)?")
                && new BigDecimal(capability).compareTo(new BigDecimal("8.0")) >= 0;
        if (ampereOrLater) {
            return Optional.empty();
        }
        return Optional.of("not compatible: FP8 weights or KV cache need compute capability 8.0 or higher (native FP8"
                + " from 8.9; vLLM emulates it on 8.0 to 8.7); " + gpu.name() + " has " + capability);
    }

    /**
     * What stops every GPU. When some compatible GPU lacks memory: the largest of them, with the bytes
     * it lacks (always positive) and its reason. When none does, no amount is short (0): the message
     * names what blocks instead, e.g. an engine refusing the sequence length, incompatible GPUs, or TP
     * sizes that cannot split the model.
     */
    private static FitPlan.Shortfall shortfall(MemoryEstimate estimate, List<Candidate> candidates) {
        long required = estimate.totalBytes();
        List<Candidate> compatible =
                candidates.stream().filter(Candidate::compatible).toList();
        if (compatible.isEmpty()) {
            return new FitPlan.Shortfall(
                    null,
                    required,
                    0,
                    "No GPU considered is compatible: %s; needs %s B (%s)."
                            .formatted(incompatibilities(candidates), grouped(required), human(required)));
        }
        Optional<Candidate> lacking = compatible.stream()
                .filter(c -> missingBytes(c) > 0)
                .max(Comparator.comparingLong(Candidate::budgetBytes));
        Candidate largest = lacking.orElseGet(() -> compatible.stream()
                .max(Comparator.comparingLong(Candidate::budgetBytes))
                .orElseThrow());
        int mostGpus = candidates.stream()
                .flatMap(c -> c.tried().stream())
                .mapToInt(Placement::gpus)
                .max()
                .orElse(1);
        String where = mostGpus == 1 ? "on one GPU" : "on one GPU or on up to " + mostGpus;
        if (lacking.isPresent()) {
            long missing = missingBytes(largest);
            String shortBy = grouped(missing) + " B short";
            // a reason that already ends with the amount reads on; another gets the amount first
            String why = largest.reason().endsWith(": " + shortBy)
                    ? largest.reason()
                    : "is %s: %s".formatted(shortBy, largest.reason());
            return new FitPlan.Shortfall(
                    largest,
                    required,
                    missing,
                    ("Nothing fits, %s; the largest GPU that lacks memory, %s, %s. Reduce the batch or sequence "
                                    + "length, quantize, or split further (pipeline parallelism).")
                            .formatted(where, largest.gpu().name(), why));
        }
        List<String> blockers = new ArrayList<>();
        if (compatible.size() < candidates.size()) {
            blockers.add("not compatible: " + incompatibilities(candidates));
        }
        compatible.stream()
                .map(Candidate::reason)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .forEach(blockers::add);
        return new FitPlan.Shortfall(
                largest,
                required,
                0,
                "Nothing fits, %s, and not for lack of memory: %s.".formatted(where, String.join("; ", blockers)));
    }

    /** The bytes the candidate's reported placement lacks; 0 when it is invalid or lacks no memory. */
    private static long missingBytes(Candidate candidate) {
        Placement placement = candidate.placement();
        return candidate.compatible() && placement.valid() ? placement.budget().missingBytes() : 0;
    }

    /** Why the incompatible candidates are: the first one's reason, and how many more there are. */
    private static String incompatibilities(List<Candidate> candidates) {
        List<String> reasons = candidates.stream()
                .filter(c -> !c.compatible())
                .map(c -> c.reason().replaceFirst("^not compatible: ", ""))
                .toList();
        int others = reasons.size() - 1;
        return reasons.get(0) + (others == 0 ? "" : " (and " + Bytes.count(others, "other GPU") + ")");
    }
}
