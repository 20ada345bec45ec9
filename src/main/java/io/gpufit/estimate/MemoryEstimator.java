package io.gpufit.estimate;

import static io.gpufit.estimate.Bytes.grouped;
import static io.gpufit.estimate.Bytes.decimal;

import java.util.ArrayList;
import java.util.List;

/** Applies {@link MemoryFormulas} to a model and workload and writes down each step. */
public final class MemoryEstimator {

    private MemoryEstimator() {
    }

    /**
     * Weights plus a KV cache pre-allocated for the whole batch at full sequence length.
     *
     * @throws EstimateOverflowException when a byte count would exceed {@link Long#MAX_VALUE}
     */
    public static MemoryEstimate estimate(ModelShape shape, Precision precision, Workload workload) {
        List<String> derivation = new ArrayList<>();

        long weights = checked("weights", () -> MemoryFormulas.weightBytes(shape.parameters(), precision.weights()));
        derivation.add("Weights = %s params x %s (%s) = %s B (%s)".formatted(
                grouped(shape.parameters()), precision.weights().bytesPerElementLabel(), precision.weights().id(),
                grouped(weights), decimal(weights)));

        long perToken = checked("KV cache per token", () -> MemoryFormulas.kvCacheBytesPerToken(
                shape.numLayers(), shape.numKeyValueHeads(), shape.headDim(), precision.kvCache()));
        derivation.add("KV cache per token = %d (K and V) x %s layers x (%s KV heads x %s) x %s (%s) = %s B".formatted(
                MemoryFormulas.KEY_AND_VALUE, grouped(shape.numLayers()), grouped(shape.numKeyValueHeads()),
                grouped(shape.headDim()), precision.kvCache().bytesPerElementLabel(), precision.kvCache().id(),
                grouped(perToken)));

        long kvCache = checked("KV cache", () -> MemoryFormulas.kvCacheBytes(
                workload.batchSize(), workload.sequenceLength(), perToken));
        derivation.add("KV cache = %s sequences x %s tokens x %s B = %s B (%s)".formatted(
                grouped(workload.batchSize()), grouped(workload.sequenceLength()), grouped(perToken),
                grouped(kvCache), decimal(kvCache)));

        long total = checked("total", () -> MemoryFormulas.totalBytes(weights, kvCache));
        derivation.add("Total = %s B weights + %s B KV cache = %s B (%s)".formatted(
                grouped(weights), grouped(kvCache), grouped(total), decimal(total)));

        return new MemoryEstimate(shape, precision, workload, weights, perToken, kvCache, total, derivation);
    }

    private static long checked(String quantity, java.util.function.LongSupplier formula) {
        try {
            return formula.getAsLong();
        } catch (ArithmeticException overflow) {
            throw new EstimateOverflowException(quantity);
        }
    }
}
