package io.gpufit.estimate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Writes byte counts the way people read them: grouped digits, and GB (10^9) beside GiB (2^30). */
public final class Bytes {

    public static final long GB = 1_000_000_000L;
    public static final long GIB = 1L << 30;

    private static final String[] DECIMAL_UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
    private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Bytes() {}

    /** {@code 2033554432} becomes {@code 2,033,554,432}. */
    public static String grouped(long value) {
        String digits = Long.toString(value);
        int sign = value < 0 ? 1 : 0;
        int length = digits.length() - sign;
        if (length <= 3) {
            return digits;
        }
        StringBuilder out = new StringBuilder(digits.length() + length / 3);
        out.append(digits, 0, sign);
        int first = length % 3 == 0 ? 3 : length % 3;
        out.append(digits, sign, sign + first);
        for (int i = sign + first; i < digits.length(); i += 3) {
            out.append(',').append(digits, i, i + 3);
        }
        return out.toString();
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

    /**
     * Three significant digits of {@code bytes} in the largest unit it reaches, rounded half up, in
     * exact integer arithmetic; {@link #scaledExactly} where the remainders would not fit a long (exa
     * units) or rounding carries into a fourth digit (9.996 reads 10.0, 999.6 the next unit's 1.00).
     */
    private static String scaled(long bytes, int base, String[] units) {
        long divisor = 1;
        int unit = 0;
        while (unit < units.length - 1 && bytes / divisor >= base) {
            divisor *= base;
            unit++;
        }
        if (unit == 0) {
            return bytes + " B";
        }
        if (divisor > (1L << 55)) {
            return scaledExactly(bytes, base, units);
        }
        long whole = bytes / divisor;
        int decimals = whole >= 100 ? 0 : whole >= 10 ? 1 : 2;
        long scale = decimals == 0 ? 1 : decimals == 1 ? 10 : 100;
        long remainder = bytes % divisor;
        long digits =
                whole * scale + remainder * scale / divisor + (2 * (remainder * scale % divisor) >= divisor ? 1 : 0);
        if (digits >= 1000) {
            return scaledExactly(bytes, base, units);
        }
        StringBuilder out = new StringBuilder(12).append(digits / scale);
        if (decimals > 0) {
            long fraction = digits % scale;
            out.append('.');
            if (decimals == 2 && fraction < 10) {
                out.append('0');
            }
            out.append(fraction);
        }
        return out.append(' ').append(units[unit]).toString();
    }

    /** {@link #scaled} in BigDecimal, for the exa units and the carries into the next unit. */
    static String scaledExactly(long bytes, int base, String[] units) {
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
