package io.gpufit.estimate;

/**
 * A byte count would not fit in a signed 64-bit integer (about 9.2 exabytes). No real deployment
 * comes near that, so the input is wrong, not the arithmetic.
 */
public class EstimateOverflowException extends RuntimeException {

    public EstimateOverflowException(String quantity) {
        super("the byte count of " + quantity + " exceeds "
                + String.format(java.util.Locale.ROOT, "%,d", Long.MAX_VALUE)
                + " bytes, the largest size this service computes");
    }
}
