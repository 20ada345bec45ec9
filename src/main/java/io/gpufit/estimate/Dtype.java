package io.gpufit.estimate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A numeric format for weights or the KV cache. Sizes are kept as whole bits per element so that
 * sub-byte formats (int4) stay exact.
 */
public enum Dtype {
    FP32(32),
    FP16(16),
    BF16(16),
    FP8(8),
    INT8(8),
    INT4(4);

    private final int bitsPerElement;

    Dtype(int bitsPerElement) {
        this.bitsPerElement = bitsPerElement;
    }

    public int bitsPerElement() {
        return bitsPerElement;
    }

    /** The name used in requests and responses, e.g. {@code bf16}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Bytes per element as written in a derivation: {@code 2 B}, {@code 0.5 B}. */
    public String bytesPerElementLabel() {
        return bitsPerElement % 8 == 0
                ? (bitsPerElement / 8) + " B"
                : (bitsPerElement / 8.0) + " B";
    }

    /** Case-insensitive lookup by {@link #id()}. */
    public static Optional<Dtype> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.id().equals(wanted)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Dtype::id).toList();
    }
}
