package io.gpufit.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The shape of every error body, for the OpenAPI document only: Spring writes {@code ProblemDetail}
 * with its extra properties flattened, which springdoc cannot infer. Each response in the controllers
 * carries a real example of its own status ({@link ApiExamples}); the examples here are neutral.
 * {@code @JsonInclude} marks what Spring leaves out when it has no value ({@code ProblemDetail} is written
 * with {@code NON_EMPTY}): the type on HTTP-level errors (about:blank), and the extra properties on the
 * problems that do not carry them.
 */
@Schema(name = "Problem", description = "RFC 9457 problem details, served as application/problem+json.")
record ProblemSchema(
        @Schema(
                description = "urn:gpu-fit:problem:invalid-request (400), urn:gpu-fit:problem:estimate-too-large "
                        + "(400), urn:gpu-fit:problem:gpu-not-found (404), urn:gpu-fit:problem:model-not-found (404), "
                        + "urn:gpu-fit:problem:hub-unavailable (502, 504); absent (meaning about:blank) on "
                        + "HTTP-level errors: a request the server cannot read (400: a malformed or oversized "
                        + "request line or header, an encoded slash), an unknown path (404), 405, 406, a body "
                        + "too slow (408) or too large (413), 415, 500",
                example = "urn:gpu-fit:problem:invalid-request")
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        URI type,

        @Schema(description = "Short and the same for every problem of a type.", example = "Invalid request")
        String title,

        @Schema(description = "The HTTP status, repeated.", example = "400")
        int status,

        @Schema(
                description = "What went wrong, in one sentence; for invalid input, every violation.",
                example = "batchSize: must be greater than or equal to 1")
        String detail,

        @Schema(
                description = "The path that was requested (a relative reference).",
                format = "uri-reference",
                example = "/estimate")
        String instance,

        @Schema(
                description = "Each offending field; on 400 invalid-request and estimate-too-large only. At most "
                        + "100 are listed (gpufit.limits.max-errors); the rest are counted in omittedErrors.")
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<ViolationSchema> errors,

        @Schema(
                description = "How many more errors were found than errors lists; absent when all are listed.",
                example = "250")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        Integer omittedErrors,

        @Schema(
                description = "The model whose config.json the Hugging Face Hub fetch was for; on 502 and 504 only.",
                example = "meta-llama/Llama-4-Scout-17B-16E-Instruct")
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        String model) {

    @Schema(name = "Violation", description = "One thing wrong with a request.")
    record ViolationSchema(
            @Schema(
                    description = "JSON path of the field, e.g. gpus[1]; $ for the body as a whole.",
                    example = "batchSize")
            String field,

            @Schema(
                    description = "The value sent, when there was one. A string longer than 200 characters "
                            + "(gpufit.limits.max-rejected-value-length) is cut, saying how long it was.",
                    example = "0")
            @Nullable
            Object rejectedValue,

            @Schema(description = "What is wrong and what is allowed.", example = "must be greater than or equal to 1")
            String message) {}
}
