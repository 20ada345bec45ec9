package io.gpufit.estimate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Writes byte counts the way people read them: grouped digits, and GB (10^9) beside GiB (2^30). */
public final class Bytes {

    public static final long GB = 1_000_000_000L;
    public static final long GIB = 1L << 30;

    private static final String[] DECIMAL_UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
    private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Bytes() {}

    /** {@code 2033554432} becomes {@code 2,033,554,432}. */
    public static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /**
     * A count and its noun, singular for one: {@code count(1, "sequence")} is {@code 1 sequence},
     * {@code count(4096, "token")} is {@code 4,096 tokens}. The noun takes a plain {@code s} in the plural.
     */
    public static String count(long n, String singular) {
        return grouped(n) + " " + (n == 1 ? singular : singular + "s");
    }

    /** {@code 2033554432} becomes {@code 2.03 GB (1.89 GiB)}: three significant digits each. */
    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        return scaled(bytes, 1000, DECIMAL_UNITS) + " (" + scaled(bytes, 1024, BINARY_UNITS) + ")";
    }

    /** {@code 2033554432} becomes {@code 2.03 GB}: three significant digits, decimal units only. */
    public static String decimal(long bytes) {
        return bytes < 1000 ? bytes + " B" : scaled(bytes, 1000, DECIMAL_UNITS);
    }

    private static String scaled(long bytes, int base, String[] units) {
        BigDecimal value = BigDecimal.valueOf(bytes);
        BigDecimal step = BigDecimal.valueOf(base);
        int unit = 0;
        while (unit < units.length - 1 && value.compareTo(step) >= 0) {
            value = value.divide(step, MathContext.DECIMAL128);
            unit++;
        }
        if (unit == 0) {
            return bytes + " B";
        }
        BigDecimal rounded = value.round(new MathContext(3, RoundingMode.HALF_UP));
        if (rounded.compareTo(step) >= 0 && unit < units.length - 1) {
            // 999.9 GB rounds to 1000 GB: say 1.00 TB instead
            rounded = rounded.divide(step, MathContext.DECIMAL128).round(new MathContext(3, RoundingMode.HALF_UP));
            unit++;
        }
        int decimals = Math.max(0, 2 - (rounded.precision() - rounded.scale() - 1));
        return rounded.setScale(decimals, RoundingMode.HALF_UP).toPlainString() + " " + units[unit];
    }
}
