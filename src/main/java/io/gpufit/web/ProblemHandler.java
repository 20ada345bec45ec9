package io.gpufit.web;

import io.gpufit.application.InvalidInputException;
import io.gpufit.application.ScenarioFailedException;
import io.gpufit.application.Violation;
import io.gpufit.estimate.Bytes;
import io.gpufit.estimate.EstimateOverflowException;
import io.gpufit.hub.HubException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every kind of bad input into 400 {@code application/problem+json} with an {@code errors}
 * list: the field, the rejected value and what is allowed. Spring's own errors (404, 405, 415...)
 * come out as problems too, through {@link ResponseEntityExceptionHandler}. What it writes is
 * bounded whatever was sent: at most {@link RequestLimits#maxErrors()} errors are listed (the rest
 * counted in {@code omittedErrors}), and a rejected value or field path longer than
 * {@link RequestLimits#maxRejectedValueLength()} characters is cut, saying how long it was.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    static final URI INVALID_REQUEST = URI.create("urn:gpu-fit:problem:invalid-request");
    static final URI ESTIMATE_TOO_LARGE = URI.create("urn:gpu-fit:problem:estimate-too-large");
    static final URI HUB_UNAVAILABLE = URI.create("urn:gpu-fit:problem:hub-unavailable");

    private static final String BODY_EXPECTED = "the body must be one JSON object; see the example in /swagger-ui.html";

    /** A field path or message longer than this (one quoting a long key) is cut like a rejected value. */
    private static final int MAX_TEXT_LENGTH = 1000;

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final ErrorProblems problems;
    private final RequestLimits limits;

    ProblemHandler(ErrorProblems problems) {
        this.problems = problems;
        this.limits = problems.limits();
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidRequest(InvalidInputException e) {
        return invalid(e.violations(), e.remark());
    }

    @ExceptionHandler(EstimateOverflowException.class)
    ProblemDetail tooLarge(EstimateOverflowException e) {
        return tooLarge(e, "$", "");
    }

    /** A batch stopped by one scenario: the scenario's own problem, naming the scenario. */
    @ExceptionHandler(ScenarioFailedException.class)
    ProblemDetail scenarioFailed(ScenarioFailedException e) {
        String scenario = "scenarios[" + e.index() + "]";
        String named = e.name() == null ? "" : " (\"" + e.name() + "\")";
        if (e.getCause() instanceof EstimateOverflowException overflow) {
            return tooLarge(overflow, scenario + ".request", scenario + named + ": ");
        }
        if (e.getCause() instanceof HubException hub) {
            ProblemDetail problem = hub(hub);
            problem.setDetail(scenario + ".request.model" + named + ": " + hub.getMessage());
            return problem;
        }
        return unexpected(e);
    }

    private static ProblemDetail tooLarge(EstimateOverflowException e, String field, String where) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                where + e.getMessage() + ". Reduce batchSize, sequenceLength or the model size.");
        problem.setType(ESTIMATE_TOO_LARGE);
        problem.setTitle("Estimate too large");
        problem.setProperty("errors", List.of(new Violation(field, null, e.getMessage())));
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

    /** A body over the limit or too slow, when it surfaces outside the JSON reader. */
    @ExceptionHandler({BodyLimits.TooLarge.class, BodyLimits.TooSlow.class})
    ResponseEntity<Object> bodyLimit(Exception e) {
        return ResponseEntity.of(bodyProblem(e)).build();
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
        violations.sort(Comparator.comparing(Violation::field));
        return ResponseEntity.badRequest().body(invalid(violations, null));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = bodyProblem(ex);
        if (body != null) {
            return ResponseEntity.status(body.getStatus()).body(body);
        }
        return ResponseEntity.badRequest().body(invalid(List.of(describe(ex)), null));
    }

    private ProblemDetail bodyProblem(Exception ex) {
        return problems.bodyProblem(ex);
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

    /**
     * The 400 for {@code violations}: the first {@link RequestLimits#maxErrors()} listed in
     * {@code errors} and in the detail (joined in linear time), the rest counted.
     */
    private ProblemDetail invalid(List<Violation> violations, String remark) {
        int listed = Math.min(violations.size(), limits.maxErrors());
        List<Violation> shown = new ArrayList<>(listed);
        StringBuilder detail = new StringBuilder();
        for (Violation violation : violations.subList(0, listed)) {
            Violation bounded = bounded(violation);
            shown.add(bounded);
            if (!detail.isEmpty()) {
                detail.append("; ");
            }
            detail.append(bounded.field()).append(": ").append(bounded.message());
        }
        int omitted = violations.size() - listed;
        if (omitted > 0) {
            detail.append("; and ")
                    .append(Bytes.count(omitted, "more error"))
                    .append(" (the first ")
                    .append(listed)
                    .append(" of ")
                    .append(Bytes.grouped(violations.size()))
                    .append(" are listed)");
        }
        if (remark != null) {
            detail.append(detail.isEmpty() ? "" : "; ").append(remark);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, detail.isEmpty() ? "invalid request" : detail.toString());
        problem.setType(INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", shown);
        if (omitted > 0) {
            problem.setProperty("omittedErrors", omitted);
        }
        return problem;
    }

    /** The violation as echoed: the value cut to the limit, a field path or message (which may quote a key) to 1,000 characters. */
    private Violation bounded(Violation violation) {
        int max = limits.maxRejectedValueLength();
        int text = Math.max(MAX_TEXT_LENGTH, max);
        return new Violation(
                cut(violation.field(), text),
                boundedValue(violation.rejectedValue(), max),
                cut(violation.message(), text));
    }

    /**
     * A rejected value as echoed: a string, or a number written with more digits, cut to {@code max}
     * characters; a list cut to the elements that fit in {@code max} characters, then a count;
     * anything else whose text is longer than {@code max}, as its text cut.
     */
    static Object boundedValue(Object value, int max) {
        if (value == null || value instanceof Boolean) {
            return value;
        }
        if (value instanceof CharSequence text) {
            return cut(text.toString(), max);
        }
        if (value instanceof Number number) {
            String digits = number.toString();
            return digits.length() <= max ? number : cut(digits, max);
        }
        if (value instanceof Collection<?> items) {
            List<Object> kept = new ArrayList<>();
            int used = 0;
            for (Object item : items) {
                Object shown = boundedValue(item, Math.max(1, max - used));
                int length = String.valueOf(shown).length() + 2;
                if (used + length > max && !kept.isEmpty()) {
                    kept.add("... (" + Bytes.count(items.size(), "item") + " in all)");
                    return kept;
                }
                kept.add(shown);
                used += length;
            }
            return kept;
        }
        String text = value instanceof JsonNode node ? node.toString() : String.valueOf(value);
        return text.length() <= max ? value : cut(text, max);
    }

    /** {@code text} cut to {@code max} characters (never inside a surrogate pair), saying how long it was. */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "... (" + Bytes.count(text.length(), "character") + " in all)";
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
            String path = path(format);
            return path.equals("$")
                    ? new Violation(path, format.getValue(), BODY_EXPECTED)
                    : new Violation(path, format.getValue(), "must be " + expected(format.getTargetType()));
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
            return new Violation(
                    path(read), null, "malformed JSON" + where(read) + ": " + plain(read.getOriginalMessage()));
        }
        if (cause instanceof StreamConstraintsException limit) {
            return new Violation(
                    path(limit),
                    null,
                    "JSON beyond the reader's limits" + where(limit) + ": " + plain(limit.getOriginalMessage()));
        }
        if (cause instanceof JacksonException json) {
            return new Violation(path(json), null, plain(json.getOriginalMessage()));
        }
        return new Violation("$", null, BODY_EXPECTED);
    }

    private static String where(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
    }

    /** Jackson's wording for a quoted value where a number belongs: the only place the value survives. */
    private static final Pattern COERCED_STRING = Pattern.compile("^Cannot coerce String value \\(\"(.*)\"\\)");
    /** Jackson's wording for a repeated key, which fails in the tokenizer before any field is bound. */
    private static final Pattern DUPLICATE_KEY = Pattern.compile("^Duplicate Object property \"(.*)\"");

    /** Jackson's hints at its own switches and limits ("enable `JsonReadFeature.X` to allow", "from `StreamReadConstraints...`"). */
    private static final List<Pattern> LIBRARY_HINTS = List.of(
            Pattern.compile("\\s*\\(not recognized as one since Feature '\\w+' not enabled for parser\\)"),
            Pattern.compile(":?\\s*\\(?enable `[^`]*` to allow\\)?"),
            Pattern.compile(",\\s*from `[^`]*`"),
            Pattern.compile("\\s*\\(`[^`]*`\\s*disabled\\)"));
    /** Jackson's "[Source: ...; line: 1, column: 2]" location, whose source description names its own switch. */
    private static final Pattern SOURCE_LOCATION =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");
    /** A location without line and column ("[Source: REDACTED; byte offset: #UNKNOWN]"), which says nothing. */
    private static final Pattern SOURCE_ANYWHERE =
            Pattern.compile("\\s*\\((?:start marker at )?\\[Source: [^\\]]*\\]\\)|\\s*\\[Source: [^\\]]*\\]");
    /** What must never reach a client: class names and the parser's switches. */
    private static final Pattern INTERNAL =
            Pattern.compile("`|Feature|Constraints|Exception|tools\\.jackson|java\\.|io\\.gpufit");

    /**
     * Jackson's message without the library's internals: its hints at parser switches and limit
     * getters are dropped, a source location becomes "line L, column C", and a message that still
     * names a class or switch is replaced by a plain one.
     */
    static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "the JSON could not be read";
        }
        String text = SOURCE_LOCATION.matcher(message).replaceAll("line $1, column $2");
        text = SOURCE_ANYWHERE.matcher(text).replaceAll("");
        for (Pattern hint : LIBRARY_HINTS) {
            text = hint.matcher(text).replaceAll("");
        }
        text = text.strip();
        return INTERNAL.matcher(text).find() ? "the JSON could not be read as this request" : text;
    }

    private static String group(Pattern pattern, String message) {
        Matcher matcher = pattern.matcher(message == null ? "" : message);
        return matcher.find() ? matcher.group(1) : null;
    }

    /**
     * The JSON path of the problem: the value being bound when it failed ({@code $} for the body,
     * {@code scenarios[2].request} for a scenario's), else the object the parser was inside; for a
     * repeated key, which fails in the parser before it is bound, the key under its object.
     */
    private static String path(JacksonException e) {
        String duplicate = group(DUPLICATE_KEY, e.getOriginalMessage());
        TokenStreamContext context = e.processor() instanceof JsonParser parser ? parser.streamReadContext() : null;
        if (duplicate != null) {
            String object = context == null ? "" : contextPath(context, false);
            return object.isEmpty() ? duplicate : object + "." + duplicate;
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
        if (path.isEmpty() && e instanceof StreamReadException && context != null) {
            path.append(contextPath(context, false));
        }
        return path.isEmpty() ? "$" : path.toString();
    }

    /** The parser's position as a path ({@code scenarios[2].request.batchSize}); with or without the innermost name. */
    private static String contextPath(TokenStreamContext innermost, boolean withCurrentName) {
        List<String> segments = new ArrayList<>();
        for (TokenStreamContext c = innermost; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                segments.add("[" + c.getCurrentIndex() + "]");
            } else if (c.inObject() && c.currentName() != null && (withCurrentName || c != innermost)) {
                segments.add("." + c.currentName());
            }
        }
        StringBuilder path = new StringBuilder();
        for (int i = segments.size() - 1; i >= 0; i--) {
            path.append(segments.get(i));
        }
        return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        Map<Class<?>, String> names = Map.of(
                java.math.BigInteger.class, "a whole number (no fraction, no quotes)",
                java.math.BigDecimal.class, "a number (no quotes)",
                String.class, "a string",
                Boolean.class, "true or false",
                boolean.class, "true or false");
        if (Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        // a nested request (engine, a scenario, its request), a config: named by shape, not by class
        return names.getOrDefault(type, "an object");
    }

    private static String sortedNames(Collection<Object> names) {
        return String.join(", ", names.stream().map(String::valueOf).sorted().toList());
    }
}
