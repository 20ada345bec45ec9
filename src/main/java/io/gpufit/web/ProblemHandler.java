package io.gpufit.web;

import io.gpufit.application.InvalidInputException;
import io.gpufit.application.Violation;
import io.gpufit.estimate.EstimateOverflowException;
import io.gpufit.hub.HubException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every kind of bad input into 400 {@code application/problem+json} with an {@code errors}
 * list: the field, the rejected value and what is allowed. Spring's own errors (404, 405, 415...)
 * come out as problems too, through {@link ResponseEntityExceptionHandler}.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    static final URI INVALID_REQUEST = URI.create("urn:gpu-fit:problem:invalid-request");
    static final URI ESTIMATE_TOO_LARGE = URI.create("urn:gpu-fit:problem:estimate-too-large");
    static final URI HUB_UNAVAILABLE = URI.create("urn:gpu-fit:problem:hub-unavailable");

    private static final String BODY_EXPECTED = "the body must be one JSON object; see the example in /swagger-ui.html";

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidRequest(InvalidInputException e) {
        return invalid(e.violations());
    }

    @ExceptionHandler(EstimateOverflowException.class)
    ProblemDetail tooLarge(EstimateOverflowException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, e.getMessage() + ". Reduce batchSize, sequenceLength or the model size.");
        problem.setType(ESTIMATE_TOO_LARGE);
        problem.setTitle("Estimate too large");
        problem.setProperty("errors", List.of(new Violation("$", null, e.getMessage())));
        return problem;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(e.kind().type());
        problem.setTitle(e.kind().title());
        return problem;
    }

    @ExceptionHandler(HubException.class)
    ProblemDetail hub(HubException e) {
        HttpStatus status = e.status() == 504 ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(HUB_UNAVAILABLE);
        problem.setTitle(e.status() == 504 ? "Hugging Face Hub timed out" : "Hugging Face Hub fetch failed");
        problem.setProperty("model", e.modelId());
        return problem;
    }

    /** Bugs, not bad input: log them, and tell the client nothing internal. */
    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e) {
        log.error("Unexpected error", e);
        return ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error; it has been logged.");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Violation> violations = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            violations.add(new Violation(error.getField(), error.getRejectedValue(), error.getDefaultMessage()));
        }
        ex.getBindingResult()
                .getGlobalErrors()
                .forEach(error -> violations.add(new Violation("$", null, error.getDefaultMessage())));
        violations.sort(java.util.Comparator.comparing(Violation::field));
        return ResponseEntity.badRequest().body(invalid(violations));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalid(List.of(describe(ex))));
    }

    /**
     * Spring's own 415 (same problem, same Accept header), with a detail that says what to send
     * instead of only what was refused.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ex.getBody().setDetail(unsupportedMediaType(ex.getContentType()));
        return super.handleHttpMediaTypeNotSupported(ex, headers, status, request);
    }

    static String unsupportedMediaType(MediaType sent) {
        String refused = sent == null
                ? "No Content-Type was sent"
                : "Content-Type '" + sent.getType() + "/" + sent.getSubtype() + "' is not supported";
        return refused + "; send the body as JSON with the header Content-Type: application/json.";
    }

    private static ProblemDetail invalid(List<Violation> violations) {
        String detail = violations.stream()
                .map(v -> v.field() + ": " + v.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", violations);
        return problem;
    }

    /** Names the field, the value and the expectation for whatever the JSON parser rejected. */
    static Violation describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return new Violation(
                    path(unknown),
                    unknown.getPropertyName(),
                    "unknown field; allowed fields: " + sortedNames(unknown.getKnownPropertyIds()));
        }
        if (cause instanceof InvalidFormatException format) {
            return new Violation(path(format), format.getValue(), "must be " + expected(format.getTargetType()));
        }
        if (cause instanceof MismatchedInputException mismatch) {
            return mismatch.getPath().isEmpty()
                    ? new Violation("$", null, BODY_EXPECTED)
                    : new Violation(
                            path(mismatch),
                            group(COERCED_STRING, mismatch.getOriginalMessage()),
                            "must be " + expected(mismatch.getTargetType()));
        }
        if (cause instanceof StreamReadException read) {
            String where = read.getLocation() == null
                    ? ""
                    : " at line " + read.getLocation().getLineNr() + ", column "
                            + read.getLocation().getColumnNr();
            return new Violation(path(read), null, "malformed JSON" + where + ": " + read.getOriginalMessage());
        }
        if (cause instanceof JacksonException json) {
            return new Violation(path(json), null, json.getOriginalMessage());
        }
        return new Violation("$", null, BODY_EXPECTED);
    }

    /** Jackson's wording for a quoted value where a number belongs: the only place the value survives. */
    private static final Pattern COERCED_STRING = Pattern.compile("^Cannot coerce String value \\(\"(.*)\"\\)");
    /** Jackson's wording for a repeated key, which fails in the tokenizer before any field is bound. */
    private static final Pattern DUPLICATE_KEY = Pattern.compile("^Duplicate Object property \"(.*)\"");

    private static String group(Pattern pattern, String message) {
        Matcher matcher = pattern.matcher(message == null ? "" : message);
        return matcher.find() ? matcher.group(1) : null;
    }

    /**
     * The JSON path of the problem; for a repeated key, which fails before any binding, the key.
     */
    private static String path(JacksonException e) {
        String duplicate = group(DUPLICATE_KEY, e.getOriginalMessage());
        if (e.getPath().isEmpty() && duplicate != null) {
            return duplicate;
        }
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        Map<Class<?>, String> names = Map.of(
                java.math.BigInteger.class, "a whole number (no fraction, no quotes)",
                java.math.BigDecimal.class, "a number (no quotes)",
                String.class, "a string",
                Boolean.class, "true or false");
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return names.getOrDefault(type, "a JSON value of type " + type.getSimpleName());
    }

    private static String sortedNames(Collection<Object> names) {
        return names.stream()
                .map(String::valueOf)
                .sorted()
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
    }
}
