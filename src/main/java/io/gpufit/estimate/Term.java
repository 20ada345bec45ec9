package io.gpufit.estimate;

import static io.gpufit.estimate.Bytes.decimal;
import static io.gpufit.estimate.Bytes.grouped;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One term of a derivation: what it is, the numbers that produce it and the bytes it comes to,
 * made together so that the text shows the very numbers the sum used. The texts may be given as
 * suppliers: a plan weighs many placements and shows few, so their words are written only when read
 * (once; the bytes are always exact and eager).
 */
public final class Term {

    private final Supplier<String> labelText;
    private final Supplier<String> formulaText;
    private final long bytes;
    private String label;
    private String formula;

    /**
     * @param label   what the bytes are, e.g. {@code KV cache per token}
     * @param formula the numbers plugged in, e.g. {@code 4 sequences x 256 tokens x 32,768 B}; empty
     *                when the label says it all
     * @param bytes   the result
     */
    public Term(String label, String formula, long bytes) {
        this.label = Objects.requireNonNull(label, "label");
        this.formula = Objects.requireNonNull(formula, "formula");
        this.labelText = null;
        this.formulaText = null;
        this.bytes = bytes;
    }

    /** A term whose formula is written when first read. */
    public Term(String label, Supplier<String> formula, long bytes) {
        this.label = Objects.requireNonNull(label, "label");
        this.labelText = null;
        this.formulaText = Objects.requireNonNull(formula, "formula");
        this.bytes = bytes;
    }

    private Term(Supplier<String> label, long bytes) {
        this.labelText = Objects.requireNonNull(label, "label");
        this.formula = "";
        this.formulaText = null;
        this.bytes = bytes;
    }

    /** A term whose label says how it is made. */
    public static Term of(String label, long bytes) {
        return new Term(label, "", bytes);
    }

    /** A term whose label says how it is made, written when first read. */
    public static Term of(Supplier<String> label, long bytes) {
        return new Term(label, bytes);
    }

    public String label() {
        if (label == null) {
            label = Objects.requireNonNull(labelText.get(), "label");
        }
        return label;
    }

    public String formula() {
        if (formula == null) {
            formula = Objects.requireNonNull(formulaText.get(), "formula");
        }
        return formula;
    }

    public long bytes() {
        return bytes;
    }

    /** {@code formula = 1,234 B}, or {@code 1,234 B} without a formula. */
    public String equation() {
        String f = formula();
        return (f.isEmpty() ? "" : f + " = ") + grouped(bytes) + " B";
    }

    /** The term inside another's formula: {@code label 1,234 B}. */
    public String inline() {
        return label() + " " + grouped(bytes) + " B";
    }

    /** {@code label = formula = 1,234 B}. */
    public String line() {
        return label() + " = " + equation();
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Term t
                && bytes == t.bytes
                && label().equals(t.label())
                && formula().equals(t.formula());
    }

    @Override
    public int hashCode() {
        return Objects.hash(label(), formula(), bytes);
    }

    @Override
    public String toString() {
        return line();
    }
}
