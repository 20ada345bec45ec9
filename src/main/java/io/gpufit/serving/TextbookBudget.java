package io.gpufit.serving;

import static io.gpufit.estimate.Bytes.grouped;

import io.gpufit.estimate.Bytes;
import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.Term;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.plan.Capacity;
import io.gpufit.plan.GpuBudget;
import java.math.BigDecimal;
import java.util.List;

/**
 * One GPU of a placement in the textbook estimate.
 *
 * @param estimate     the model, formats and workload
 * @param parallelism  the placement
 * @param weightBytes  this GPU's share of the weights (and of the extra module when included)
 * @param kvCacheBytes this GPU's share of the KV cache pre-allocated for the workload
 * @param limitBytes   usable memory x memory utilization, rounded down
 * @param minHeadroomBytes what must stay free of the limit beside weights + KV cache (the runtime's own memory)
 * @param gpu          the GPU, for the reason
 * @param memoryUtilization the share of usable memory the budget allows, for the reason
 */
public record TextbookBudget(
        MemoryEstimate estimate,
        Parallelism parallelism,
        long weightBytes,
        long kvCacheBytes,
        long limitBytes,
        long minHeadroomBytes,
        GpuProfile gpu,
        BigDecimal memoryUtilization)
        implements GpuBudget {

    @Override
    public boolean holdsWorkload() {
        return missingBytes() == 0;
    }

    /**
     * Why weights + KV cache and the minimum headroom do not fit the budget; null when they do. The
     * amount short is what is missing for both: required + minimum headroom - budget, always positive.
     */
    @Override
    public String reason() {
        long missing = missingBytes();
        if (missing == 0) {
            return null;
        }
        long required = requiredBytes();
        return "needs %s B (%s) per GPU on %d x %s%s but each allows %s B (%s B usable x %s): %s B short"
                .formatted(
                        grouped(required),
                        Bytes.human(required),
                        parallelism.gpus(),
                        gpu.name(),
                        minHeadroomBytes == 0
                                ? ""
                                : " plus a minimum headroom of %s B (minHeadroomBytes)"
                                        .formatted(grouped(minHeadroomBytes)),
                        grouped(limitBytes),
                        grouped(gpu.usableMemoryBytes()),
                        memoryUtilization.toPlainString(),
                        grouped(missing));
    }

    /** Weights + KV cache. */
    @Override
    public long requiredBytes() {
        return Math.addExact(weightBytes, kvCacheBytes);
    }

    /** Bytes missing for weights + KV cache and the minimum headroom: 0 when they fit. */
    @Override
    public long missingBytes() {
        return missing(requiredBytes(), limitBytes, minHeadroomBytes);
    }

    /** {@code required + minHeadroom - limit} when positive, else 0; {@link ArithmeticException} beyond a long. */
    static long missing(long required, long limit, long minHeadroom) {
        return Math.max(0, Math.subtractExact(Math.addExact(required, minHeadroom), limit));
    }

    /** The weights and the KV cache on this GPU, written out only when asked for (a plan weighs many). */
    @Override
    public List<Term> terms() {
        String label = "weights on this GPU (TP %d, PP %d)".formatted(parallelism.tp(), parallelism.pp());
        long extra = estimate.extraModuleIncluded() ? estimate.extraModuleBytes() / parallelism.tp() : 0;
        Term weights = extra == 0
                ? Term.of(label, weightBytes)
                : new Term(
                        label,
                        () -> "%s B + extra module %s B / TP %d"
                                .formatted(
                                        grouped(Math.subtractExact(weightBytes, extra)),
                                        grouped(estimate.extraModuleBytes()),
                                        parallelism.tp()),
                        weightBytes);
        Workload workload = estimate.workload();
        Term kvCache = new Term(
                "KV cache for the workload",
                () -> "%s x %s B per sequence of %s"
                        .formatted(
                                Bytes.count(workload.batchSize(), "sequence"),
                                grouped(kvCacheBytes / workload.batchSize()),
                                Bytes.count(workload.sequenceLength(), "token")),
                kvCacheBytes);
        return List.of(weights, kvCache);
    }

    /**
     * What the memory left beside the weights and the minimum headroom holds: sequences of the requested length, and of the
     * model's context (else the requested length); and the longest sequence for the requested
     * batch, found by bisection since the KV cache grows with length but not in proportion where
     * layers slide. Secondary figures, never an overflow: a sequence whose cache would exceed 2^63 - 1
     * bytes does not fit, and the longest sequence is reported up to 2^31 tokens.
     */
    @Override
    public Capacity capacity() {
        ModelArchitecture model = estimate.model();
        int sequenceLength = estimate.workload().sequenceLength();
        long batch = estimate.workload().batchSize();
        Dtype kv = estimate.precision().kvCache();
        // limit, weights and headroom are all at least 0: neither difference can overflow
        long beside = limitBytes - weightBytes;
        long available = beside > minHeadroomBytes ? beside - minHeadroomBytes : 0;
        long context = model.maxPositionEmbeddings() != null ? model.maxPositionEmbeddings() : sequenceLength;
        if (available <= 0) {
            return new Capacity(0, 0, context, 0);
        }
        long maxBatch = parallelism.sequencesPerGpu(model, kv, sequenceLength, available);
        long concurrency = parallelism.sequencesPerGpu(model, kv, context, available);
        long longest = parallelism.longestSequencePerGpu(model, kv, batch, available);
        return new Capacity(maxBatch, longest, context, concurrency);
    }
}
