package io.gpufit.plan;

import static io.gpufit.estimate.Bytes.grouped;
import static io.gpufit.estimate.Bytes.human;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.EstimateOverflowException;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.Precision;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.serving.VllmBudget;
import io.gpufit.serving.VllmEngine;
import io.gpufit.serving.VllmSettings;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Weighs an estimate against candidate GPUs and picks a placement.
 *
 * <p>Policy: a placement fits when every GPU's share stays within {@code usable memory x memory
 * utilization} (with an engine: the engine starts and its KV cache holds the workload). Each GPU
 * type is tried on 1, 2, 4 and 8 GPUs with tensor parallelism, smallest first, skipping TP sizes
 * that cannot split the model. One GPU that fits beats several: among those, the least memory wins
 * (the smaller card is the more available one), then the lower price. When several GPUs are
 * needed, the fewest win, then the lowest price per hour of the whole placement, then the least
 * memory.
 */
public final class FitPlanner {

    /** Native BF16 arrived with NVIDIA compute capability 8.0 (Ampere). */
    static final String BF16_NOTE = "no native BF16 (compute capability below 8.0)";
    /** FP8 tensor cores arrived with NVIDIA compute capability 8.9 (Ada) and 9.0 (Hopper). */
    static final String FP8_NOTE = "FP8 needs compute capability 8.9 or higher";
    static final int[] GPU_COUNTS = {1, 2, 4, 8};
    /** Roofline efficiencies: share of peak HBM bandwidth decode reaches, share of peak FLOPS prefill reaches. */
    static final BigDecimal BANDWIDTH_EFFICIENCY = new BigDecimal("0.8");
    static final BigDecimal COMPUTE_EFFICIENCY = new BigDecimal("0.5");

    static final Comparator<Candidate> PREFERENCE = Comparator
            .comparing(Candidate::fits).reversed()
            .thenComparing(Comparator.comparing(Candidate::compatible).reversed())
            .thenComparingInt(Candidate::count)
            .thenComparing((a, b) -> a.count() == 1 ? 0 : nullsLast(a.pricePerHourUsd(), b.pricePerHourUsd()))
            .thenComparingLong(c -> c.gpu().usableMemoryBytes())
            .thenComparing(Candidate::pricePerHourUsd, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(c -> c.gpu().id());

    private FitPlanner() {
    }

    /** Textbook plan (weights + pre-allocated KV cache), no engine. */
    public static FitPlan plan(MemoryEstimate estimate, List<GpuProfile> gpus, BigDecimal memoryUtilization) {
        return plan(estimate, gpus, memoryUtilization, null);
    }

    /**
     * @param memoryUtilization fraction of usable memory the job may use, in (0, 1]; ignored with an engine
     * @param engine            vLLM settings, or null for the textbook estimate
     */
    public static FitPlan plan(MemoryEstimate estimate, List<GpuProfile> gpus, BigDecimal memoryUtilization,
            VllmSettings engine) {
        if (memoryUtilization.signum() <= 0 || memoryUtilization.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("memoryUtilization must be in (0, 1], was " + memoryUtilization);
        }
        List<Candidate> candidates = new ArrayList<>();
        Shards shards = new Shards(estimate);
        try {
            for (GpuProfile gpu : gpus) {
                candidates.add(weigh(estimate, shards, gpu, memoryUtilization, engine));
            }
        } catch (ArithmeticException overflow) {
            throw new EstimateOverflowException("a placement's byte count");
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
        String reason = recommended.map(c -> recommendationReason(c, candidates)).orElse(null);
        return new FitPlan(recommended, reason, candidates, shortfall, warnings);
    }

    /** Budget = usable memory x utilization, rounded down to a whole byte. */
    static long budgetBytes(GpuProfile gpu, BigDecimal memoryUtilization) {
        return BigDecimal.valueOf(gpu.usableMemoryBytes()).multiply(memoryUtilization)
                .setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static Candidate weigh(MemoryEstimate estimate, Shards shards, GpuProfile gpu,
            BigDecimal memoryUtilization, VllmSettings engine) {
        String incompatibility = incompatibility(estimate.precision(), gpu);
        if (incompatibility == null && engine != null) {
            incompatibility = VllmEngine.unsupported(gpu).orElse(null);
        }
        List<Placement> tried = new ArrayList<>();
        Placement chosen = null;
        for (Parallelism parallelism : parallelisms(engine)) {
            Placement placement = place(estimate, shards, gpu, parallelism, memoryUtilization, engine);
            tried.add(placement);
            if (placement.fits()) {
                chosen = placement;
                break;
            }
        }
        if (chosen == null) {
            // Nothing fits: report the smallest valid placement, so the shortfall reads against one GPU.
            chosen = tried.stream().filter(Placement::valid).findFirst().orElse(tried.get(0));
        }
        boolean compatible = incompatibility == null;
        boolean fits = compatible && chosen.fits();
        long headroom = chosen.budgetBytes() - chosen.requiredBytes();
        BigDecimal headroomPercent = BigDecimal.valueOf(headroom).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(chosen.budgetBytes()), 2, RoundingMode.HALF_EVEN);
        String reason = !compatible ? incompatibility : fits ? null : chosen.reason();
        String warning = usesBf16(estimate.precision()) && !gpu.nativeBf16()
                ? gpu.name() + " has " + BF16_NOTE + ": serve in FP16 (same memory)"
                : null;
        BigDecimal price = gpu.pricePerHourUsd() == null ? null
                : gpu.pricePerHourUsd().multiply(BigDecimal.valueOf(chosen.gpus()));
        Capacity capacity = chosen.valid() ? capacity(estimate, chosen) : null;
        Speed speed = chosen.valid() ? speed(estimate, shards, gpu, chosen.parallelism()) : null;
        return new Candidate(gpu, chosen, tried, chosen.budgetBytes(), chosen.requiredBytes(), headroom,
                headroomPercent, compatible, fits, reason, warning, price, capacity, speed);
    }

    private static List<Parallelism> parallelisms(VllmSettings engine) {
        if (engine != null && (engine.tensorParallelSize() != null || engine.pipelineParallelSize() != null)) {
            return List.of(new Parallelism(engine.tensorParallelSize() == null ? 1 : engine.tensorParallelSize(),
                    engine.pipelineParallelSize() == null ? 1 : engine.pipelineParallelSize()));
        }
        List<Parallelism> all = new ArrayList<>();
        for (int count : GPU_COUNTS) {
            all.add(new Parallelism(count, 1));
        }
        return all;
    }

    private static Placement place(MemoryEstimate estimate, Shards shards, GpuProfile gpu, Parallelism parallelism,
            BigDecimal memoryUtilization, VllmSettings engine) {
        ModelArchitecture model = estimate.model();
        Optional<String> invalid = parallelism.invalidity(model).map(Parallelism.Invalidity::reason);
        if (invalid.isPresent()) {
            return new Placement(parallelism, false, 0, budgetBytes(gpu, memoryUtilization), false,
                    invalid.get() + " (" + model.numAttentionHeads() + " heads, " + model.numKeyValueHeads()
                            + " KV heads)", null);
        }
        Precision precision = estimate.precision();
        int sequenceLength = estimate.workload().sequenceLength();
        long batch = estimate.workload().batchSize();
        if (engine != null) {
            VllmBudget serving = VllmEngine.budget(model, precision, engine, parallelism, gpu, sequenceLength,
                    shards.weightBytesPerGpu(parallelism));
            long blocks = (sequenceLength + serving.blockSize() - 1) / serving.blockSize();
            long workloadTokens = Math.multiplyExact(batch, blocks * serving.blockSize());
            boolean holds = serving.kvCacheTokens() >= workloadTokens;
            String reason = sequenceLength > serving.maxModelLen()
                    ? "vLLM rejects sequences longer than max_model_len (%s); sequenceLength is %s"
                            .formatted(grouped(serving.maxModelLen()), grouped(sequenceLength))
                    : !serving.fits()
                    ? "vLLM would refuse to start on %d x %s: max_model_len %s needs %s KV tokens, %s fit"
                            .formatted(parallelism.gpus(), gpu.name(), grouped(serving.maxModelLen()),
                                    grouped(serving.maxModelLen()), grouped(serving.kvCacheTokens()))
                    : !holds ? "KV cache holds %s tokens on %d x %s, the workload needs %s"
                            .formatted(grouped(serving.kvCacheTokens()), parallelism.gpus(), gpu.name(),
                                    grouped(workloadTokens))
                    : null;
            long required = serving.requestedBytes() - Math.max(0, serving.kvCacheBytes())
                    + Math.multiplyExact(workloadTokens, serving.kvBytesPerTokenPerGpu());
            return new Placement(parallelism, true, required, serving.requestedBytes(), reason == null, reason,
                    serving);
        }
        long weights = shards.weightBytesPerGpu(parallelism);
        if (estimate.extraModuleIncluded()) {
            weights = Math.addExact(weights, estimate.extraModuleBytes() / parallelism.tp());
        }
        long kv = Math.multiplyExact(batch, parallelism.kvBytesPerSequencePerGpu(model, precision.kvCache(),
                sequenceLength));
        long required = Math.addExact(weights, kv);
        long budget = budgetBytes(gpu, memoryUtilization);
        boolean fits = required <= budget;
        String reason = fits ? null : "needs %s B (%s) per GPU on %d x %s but each allows %s B (%s B usable x %s): %s B short"
                .formatted(grouped(required), human(required), parallelism.gpus(), gpu.name(), grouped(budget),
                        grouped(gpu.usableMemoryBytes()), memoryUtilization.toPlainString(), grouped(required - budget));
        return new Placement(parallelism, true, required, budget, fits, reason, null);
    }

    /** The inverse questions at the placement: largest batch, longest sequence, concurrency at full context. */
    static Capacity capacity(MemoryEstimate estimate, Placement placement) {
        ModelArchitecture model = estimate.model();
        int sequenceLength = estimate.workload().sequenceLength();
        long batch = estimate.workload().batchSize();
        VllmBudget serving = placement.serving();
        if (serving != null) {
            long block = serving.blockSize();
            long tokens = serving.kvCacheTokens();
            long perSequence = (sequenceLength + block - 1) / block * block;
            long longest = Math.min(serving.maxModelLen(), tokens / batch / block * block);
            return new Capacity(tokens / perSequence, longest, serving.maxModelLen(),
                    tokens / serving.maxModelLen());
        }
        Parallelism parallelism = placement.parallelism();
        Dtype kv = estimate.precision().kvCache();
        long available = placement.budgetBytes() - (placement.requiredBytes()
                - Math.multiplyExact(batch, parallelism.kvBytesPerSequencePerGpu(model, kv, sequenceLength)));
        long context = model.maxPositionEmbeddings() != null ? model.maxPositionEmbeddings() : sequenceLength;
        if (available <= 0) {
            return new Capacity(0, 0, context, 0);
        }
        long maxBatch = available / parallelism.kvBytesPerSequencePerGpu(model, kv, sequenceLength);
        long concurrency = available / parallelism.kvBytesPerSequencePerGpu(model, kv, context);
        // longest sequence at the requested batch: KV grows monotonically with length, so bisect
        long low = 0;
        long high = 1L << 31;
        while (low < high) {
            long mid = (low + high + 1) >>> 1;
            long need = Math.multiplyExact(batch, parallelism.kvBytesPerSequencePerGpu(model, kv, mid));
            if (need <= available) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return new Capacity(maxBatch, low, context, concurrency);
    }

    /**
     * Roofline: a decode step reads the active weights and every sequence's KV cache once, at
     * {@link #BANDWIDTH_EFFICIENCY} of peak bandwidth, the TP ranks in parallel; prefill needs
     * 2 x active parameters x prompt tokens FLOPs at {@link #COMPUTE_EFFICIENCY} of peak FP16.
     */
    static Speed speed(MemoryEstimate estimate, Shards shards, GpuProfile gpu, Parallelism parallelism) {
        ModelArchitecture model = estimate.model();
        Precision precision = estimate.precision();
        long batch = estimate.workload().batchSize();
        int sequenceLength = estimate.workload().sequenceLength();
        long weights = shards.activeWeightBytesPerRank(parallelism);
        long kv = Math.multiplyExact(batch, parallelism.kvBytesPerSequencePerRank(model, precision.kvCache(),
                sequenceLength));
        MathContext mc = MathContext.DECIMAL64;
        BigDecimal bandwidth = gpu.memoryBandwidthGbps().multiply(BigDecimal.valueOf(1_000_000_000L))
                .multiply(BANDWIDTH_EFFICIENCY);
        BigDecimal step = BigDecimal.valueOf(weights + kv).divide(bandwidth, mc);
        BigDecimal perSequence = BigDecimal.ONE.divide(step, mc).setScale(1, RoundingMode.HALF_EVEN);
        BigDecimal total = BigDecimal.valueOf(batch).divide(step, mc).setScale(1, RoundingMode.HALF_EVEN);
        BigDecimal flops = gpu.fp16Tflops().multiply(BigDecimal.valueOf(1_000_000_000_000L))
                .multiply(BigDecimal.valueOf(parallelism.tp())).multiply(COMPUTE_EFFICIENCY);
        BigDecimal prefill = BigDecimal.valueOf(2).multiply(BigDecimal.valueOf(model.activeParameters()))
                .multiply(BigDecimal.valueOf(sequenceLength)).divide(flops, mc).setScale(4, RoundingMode.HALF_EVEN);
        return new Speed(perSequence, total, prefill, BANDWIDTH_EFFICIENCY, COMPUTE_EFFICIENCY);
    }

    /**
     * Per-rank weight sizes depend on the model, formats and placement, not on the GPU: worked out
     * once per placement for a plan rather than once per GPU type.
     */
    static final class Shards {

        private final MemoryEstimate estimate;
        private final Map<Parallelism, Long> weights = new HashMap<>();
        private final Map<Parallelism, Long> activeWeights = new HashMap<>();

        Shards(MemoryEstimate estimate) {
            this.estimate = estimate;
        }

        long weightBytesPerGpu(Parallelism parallelism) {
            Precision p = estimate.precision();
            return weights.computeIfAbsent(parallelism,
                    q -> q.weightBytesPerGpu(estimate.model(), p.weights(), p.groupSize()));
        }

        long activeWeightBytesPerRank(Parallelism parallelism) {
            Precision p = estimate.precision();
            return activeWeights.computeIfAbsent(parallelism,
                    q -> q.activeWeightBytesPerRank(estimate.model(), p.weights(), p.groupSize()));
        }
    }

    private static int nullsLast(BigDecimal a, BigDecimal b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return a.compareTo(b);
    }

    private static String recommendationReason(Candidate chosen, List<Candidate> all) {
        long others = all.stream().filter(Candidate::fits).count() - 1;
        if (chosen.count() == 1) {
            return ("Smallest compatible GPU that fits (the smaller card is the more available one): needs %s B of "
                    + "its %s B budget, leaving %s B (%s%%); %d larger or pricier GPU%s also fit%s.").formatted(
                    grouped(chosen.requiredBytes()), grouped(chosen.budgetBytes()), grouped(chosen.headroomBytes()),
                    chosen.headroomPercent().toPlainString(), others, others == 1 ? "" : "s", others == 1 ? "s" : "");
        }
        return ("No single GPU fits; the fewest GPUs that do, %d x %s (tensor parallel %d, pipeline parallel %d), "
                + "then the lowest price per hour: needs %s B per GPU of its %s B budget, leaving %s B (%s%%); %d "
                + "other GPU type%s also fit%s.").formatted(chosen.count(), chosen.gpu().name(),
                chosen.placement().parallelism().tp(), chosen.placement().parallelism().pp(),
                grouped(chosen.requiredBytes()), grouped(chosen.budgetBytes()), grouped(chosen.headroomBytes()),
                chosen.headroomPercent().toPlainString(), others, others == 1 ? "" : "s", others == 1 ? "s" : "");
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
        long missing = best.requiredBytes() - best.budgetBytes();
        int mostGpus = best.tried().stream().mapToInt(Placement::gpus).max().orElse(1);
        return new FitPlan.Shortfall(best, required, missing,
                ("Nothing fits, on one GPU or on up to %d: needs %s B (%s); the largest GPU, %s, allows %s B (%s), "
                        + "%s B short. Reduce the batch or sequence length, quantize, or split further (pipeline "
                        + "parallelism).").formatted(mostGpus, grouped(best.requiredBytes()),
                        human(best.requiredBytes()), best.gpu().name(), grouped(best.budgetBytes()),
                        human(best.budgetBytes()), grouped(missing)));
    }
}
