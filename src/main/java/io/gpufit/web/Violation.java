package io.gpufit.web;

/**
 * One thing wrong with a request.
 *
 * @param field         the JSON path of the offending field, e.g. {@code gpus[1]}; {@code $} for the
 *                      body as a whole
 * @param rejectedValue the value sent, when there was one
 * @param message       what is wrong and what is allowed
 */
record Violation(String field, Object rejectedValue, String message) {
}
