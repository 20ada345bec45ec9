package io.gpufit.estimate;

import static io.gpufit.estimate.Bytes.decimal;
import static io.gpufit.estimate.Bytes.grouped;

import java.util.List;
import java.util.Objects;

/**
 * One term of a derivation: what it is, the numbers that produce it and the bytes it comes to,
 * made together so that the text shows the very numbers the sum used.
 *
 * @param label   what the bytes are, e.g. {@code KV cache per token}
 * @param formula the numbers plugged in, e.g. {@code 4 sequences x 256 tokens x 32,768 B}; empty
 *                when the label says it all
 * @param bytes   the result
 */
public record Term(String label, String formula, long bytes) {

    public Term {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(formula, "formula");
    }

    /** A term whose label says how it is made. */
    public static Term of(String label, long bytes) {
        return new Term(label, "", bytes);
    }

    /** {@code formula = 1,234 B}, or {@code 1,234 B} without a formula. */
    public String equation() {
        return (formula.isEmpty() ? "" : formula + " = ") + grouped(bytes) + " B";
    }

    /** The term inside another's formula: {@code label 1,234 B}. */
    public String inline() {
        return label + " " + grouped(bytes) + " B";
    }

    /** {@code label = formula = 1,234 B}. */
    public String line() {
        return label + " = " + equation();
    }

    /** {@link #line()} and the size in decimal units: {@code ... = 2,033,554,432 B (2.03 GB)}. */
    public String lineWithSize() {
        return line() + " (" + decimal(bytes) + ")";
    }

    /** The terms' bytes added up; {@link ArithmeticException} on overflow. */
    public static long sum(List<Term> terms) {
        long total = 0;
        for (Term term : terms) {
            total = Math.addExact(total, term.bytes());
        }
        return total;
    }
}
