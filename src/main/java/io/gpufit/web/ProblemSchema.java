package io.gpufit.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.List;

/**
 * The shape of every error body, for the OpenAPI document only: Spring writes {@code ProblemDetail}
 * with its extra properties flattened, which springdoc cannot infer.
 */
@Schema(name = "Problem", description = "RFC 9457 problem details, served as application/problem+json.")
record ProblemSchema(
        @Schema(
                description =
                        "urn:gpu-fit:problem:invalid-request (400), urn:gpu-fit:problem:estimate-too-large "
                                + "(400), urn:gpu-fit:problem:gpu-not-found (404), urn:gpu-fit:problem:model-not-found (404), "
                                + "urn:gpu-fit:problem:hub-unavailable (502, 504), or about:blank for HTTP-level errors (404, 405, 415)")
        URI type,

        @Schema(example = "Invalid request") String title,
        @Schema(example = "400") int status,

        @Schema(
                description = "Every violation in one sentence.",
                example = "weightDtype: unknown dtype; allowed: fp32, fp16, bf16, fp8, int8, int4")
        String detail,

        @Schema(example = "/estimate") URI instance,

        @Schema(description = "Each offending field; absent on HTTP-level errors.")
        List<ViolationSchema> errors) {

    @Schema(name = "Violation", description = "One thing wrong with a request.")
    record ViolationSchema(
            @Schema(
                    description = "JSON path of the field, e.g. gpus[1]; $ for the body as a whole.",
                    example = "weightDtype")
            String field,

            @Schema(description = "The value sent, when there was one.", example = "fp12")
            Object rejectedValue,

            @Schema(
                    description = "What is wrong and what is allowed.",
                    example = "unknown dtype; allowed: fp32, fp16, bf16, fp8, int8, int4")
            String message) {}
}
