package io.gpufit.estimate;

import java.util.HashMap;
import java.util.Map;

/**
 * An estimate and what one GPU of each placement holds of its weights. Those sizes depend on the
 * model, formats and placement, not on the GPU type, so a plan over many GPU types works each out
 * once per placement. One per plan: not thread-safe.
 */
public final class ShardSizes {

    private final MemoryEstimate estimate;
    private final Map<Parallelism, long[]> weights = new HashMap<>();
    private final Map<Parallelism, Long> activeWeights = new HashMap<>();
    private final Map<Parallelism, Long> workloadKv = new HashMap<>();
    private final Map<VllmKvKey, Long> vllmKvPerToken = new HashMap<>();

    private record VllmKvKey(Parallelism parallelism, Dtype kvDtype, int stage) {}

    public ShardSizes(MemoryEstimate estimate) {
        this.estimate = estimate;
    }

    /** The model, formats and workload, and their textbook sizes. */
    public MemoryEstimate estimate() {
        return estimate;
    }

    /** Weight bytes on the busiest GPU of a placement: its heaviest pipeline stage's. */
    public long weightBytesPerGpu(Parallelism parallelism) {
        long busiest = 0;
        for (long stage : weightBytesByStage(parallelism)) {
            busiest = Math.max(busiest, stage);
        }
        return busiest;
    }

    /** Weight bytes on one GPU of pipeline stage {@code stage} ({@link Parallelism#weightBytesByStage}). */
    public long weightBytesOnStage(Parallelism parallelism, int stage) {
        return weightBytesByStage(parallelism)[stage];
    }

    private long[] weightBytesByStage(Parallelism parallelism) {
        Precision p = estimate.precision();
        return weights.computeIfAbsent(
                parallelism, q -> q.weightBytesByStage(estimate.model(), p.weights(), p.groupSize()));
    }

    /** {@link Parallelism#kvBytesPerSequencePerGpu} of one workload sequence in the estimate's KV format. */
    public long workloadSequenceKvBytesPerGpu(Parallelism parallelism) {
        return workloadKv.computeIfAbsent(
                parallelism,
                q -> q.kvBytesPerSequencePerGpu(
                        estimate.model(),
                        estimate.precision().kvCache(),
                        estimate.workload().sequenceLength()));
    }

    /** {@link Parallelism#vllmKvBytesPerTokenOnStage} of the estimate's model. */
    public long vllmKvBytesPerTokenOnStage(Parallelism parallelism, Dtype kvDtype, int stage) {
        return vllmKvPerToken.computeIfAbsent(
                new VllmKvKey(parallelism, kvDtype, stage),
                k -> k.parallelism().vllmKvBytesPerTokenOnStage(estimate.model(), k.kvDtype(), k.stage()));
    }

    /** {@link Parallelism#activeWeightBytesPerRank} of the estimate's model and weight format. */
    public long activeWeightBytesPerRank(Parallelism parallelism) {
        Precision p = estimate.precision();
        return activeWeights.computeIfAbsent(
                parallelism, q -> q.activeWeightBytesPerRank(estimate.model(), p.weights(), p.groupSize()));
    }
}
