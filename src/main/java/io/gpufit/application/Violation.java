package io.gpufit.application;

/**
 * One thing wrong with an input.
 *
 * @param field         the path of the offending field, e.g. {@code gpus[1]}; {@code $} for the
 *                      input as a whole
 * @param rejectedValue the value given, when there was one
 * @param message       what is wrong and what is allowed
 */
public record Violation(String field, Object rejectedValue, String message) {

    /**
     * This violation with its field placed under {@code prefix}, e.g. {@code scenarios[2].request.};
     * one about the input as a whole ({@code $}) names the prefix itself ({@code scenarios[2].request}).
     */
    public Violation under(String prefix) {
        if ("$".equals(field)) {
            return new Violation(
                    prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix, rejectedValue, message);
        }
        return new Violation(prefix + field, rejectedValue, message);
    }
}
