package io.gpufit.web;

import io.gpufit.gpu.GpuCatalog;
import io.gpufit.gpu.GpuProfile;
import java.util.List;

/**
 * One thing wrong with a request.
 *
 * @param field         the JSON path of the offending field, e.g. {@code gpus[1]}; {@code $} for the
 *                      body as a whole
 * @param rejectedValue the value sent, when there was one
 * @param message       what is wrong and what is allowed
 */
record Violation(String field, Object rejectedValue, String message) {

    /** What is wrong with a GPU name that did not resolve to exactly one profile. */
    static Violation unresolvedGpu(String field, String name, List<GpuProfile> matches, GpuCatalog catalog) {
        return matches.isEmpty()
                ? new Violation(field, name, "unknown GPU; known ids: " + String.join(", ", catalog.ids()))
                : new Violation(field, name, "ambiguous GPU name; choose one of: "
                        + String.join(", ", matches.stream().map(GpuProfile::id).toList()));
    }
}
