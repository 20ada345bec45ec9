package io.gpufit.web;

import io.gpufit.application.InvalidInputException;
import io.gpufit.application.Violation;
import java.util.List;
import java.util.Locale;

/**
 * How much of an answer to write: {@code full} (the default) or {@code summary}, the compact answer
 * for schedulers: the same recommendation and candidate rows, without each candidate's list of tried
 * placements and its engine derivation.
 */
enum ResponseView {
    FULL,
    SUMMARY;

    /** The query parameter's allowed values, for the contract and the errors. */
    static final List<String> VALUES = List.of("full", "summary");

    /** The view a {@code view} query parameter names; 400 naming the parameter for any other value. */
    static ResponseView of(String value) {
        if (value == null || value.isBlank()) {
            return FULL;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "full" -> FULL;
            case "summary" -> SUMMARY;
            default ->
                throw new InvalidInputException(List.of(new Violation(
                        "view",
                        value.length() > 64 ? value.substring(0, 64) + "..." : value,
                        "allowed: full, summary")));
        };
    }

    boolean summary() {
        return this == SUMMARY;
    }
}
