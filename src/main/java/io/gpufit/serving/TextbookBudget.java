package io.gpufit.serving;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.Term;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.plan.Capacity;
import io.gpufit.plan.GpuBudget;
import java.util.List;

/**
 * One GPU of a placement in the textbook estimate.
 *
 * @param estimate      the model, formats and workload
 * @param parallelism   the placement
 * @param weights       this GPU's share of the weights
 * @param kvCache       this GPU's share of the KV cache pre-allocated for the workload
 * @param requiredBytes weights + KV cache
 * @param limitBytes    usable memory x memory utilization, rounded down
 * @param reason        why the workload does not fit; null when it fits
 */
public record TextbookBudget(MemoryEstimate estimate, Parallelism parallelism, Term weights, Term kvCache,
        long requiredBytes, long limitBytes, String reason) implements GpuBudget {

    @Override
    public List<Term> terms() {
        return List.of(weights, kvCache);
    }

    /**
     * What the memory left beside the weights holds: sequences of the requested length, and of the
     * model's context (else the requested length); and the longest sequence for the requested
     * batch, found by bisection since the KV cache grows with length but not in proportion where
     * layers slide.
     */
    @Override
    public Capacity capacity() {
        ModelArchitecture model = estimate.model();
        int sequenceLength = estimate.workload().sequenceLength();
        long batch = estimate.workload().batchSize();
        Dtype kv = estimate.precision().kvCache();
        long available = limitBytes - weights.bytes();
        long context = model.maxPositionEmbeddings() != null ? model.maxPositionEmbeddings() : sequenceLength;
        if (available <= 0) {
            return new Capacity(0, 0, context, 0);
        }
        long maxBatch = available / parallelism.kvBytesPerSequencePerGpu(model, kv, sequenceLength);
        long concurrency = available / parallelism.kvBytesPerSequencePerGpu(model, kv, context);
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
}
