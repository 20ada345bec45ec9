package io.gpufit.estimate;

/** Whole-number rounding the formulas share. */
public final class Rounding {

    private Rounding() {}

    /**
     * {@code ceil(dividend / divisor)} for a positive divisor: {@code -floorDiv(-dividend, divisor)},
     * the definition of Java 18's {@code Math.ceilDiv} (this code targets Java 17). Used wherever a
     * partial unit still takes a whole one: a quantization block, a pipeline stage's layers, a
     * tensor shard, a KV cache block.
     */
    public static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }
}
