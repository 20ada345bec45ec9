package io.gpufit.web;

import io.gpufit.estimate.Bytes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problems of the HTTP layer, below the controllers: bodies over the size limit (413) or too
 * slow (408), and what Tomcat itself refuses (a malformed or too long request line or header, an
 * encoded slash, TRACE) or fails with. Each is {@code application/problem+json} like every other
 * error, with a detail that says what to do; none names a class or a library.
 *
 * @param limits            the request limits
 * @param connectionTimeout Tomcat's timeout for each read ({@code server.tomcat.connection-timeout})
 * @param maxHeaderBytes    the request line and headers at most ({@code server.max-http-request-header-size})
 */
record ErrorProblems(RequestLimits limits, Duration connectionTimeout, long maxHeaderBytes) {

    /** The request attribute under which a filter leaves the problem for the error page to write. */
    static final String ATTRIBUTE = ErrorProblems.class.getName() + ".problem";

    /** Longest request URI repeated as {@code instance}; a longer one is left out rather than cut. */
    private static final int MAX_INSTANCE_LENGTH = 1024;

    /**
     * Answers with {@code problem} through the container's error handling (the error page writes
     * it), so the response is finished the same way as Tomcat's own errors.
     */
    static void send(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        request.setAttribute(ATTRIBUTE, problem);
        response.sendError(problem.getStatus());
    }

    /** 413: the body is over the limit for its path; {@code declared} is its Content-Length, or null when counted. */
    ProblemDetail bodyTooLarge(String method, String path, Long declared) {
        long limit = limits.maxBodyBytes(path);
        String sent = declared == null
                ? "this one sent more, and reading stopped there"
                : "this one declares " + Bytes.count(declared, "byte") + " (Content-Length) and was not read";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE,
                "The body of " + method + " " + path + " may be at most " + Bytes.count(limit, "byte") + " ("
                        + RequestLimits.maxBodyProperty(path) + "); " + sent + "."
                        + ("/plan".equals(path) ? " Split the plan into smaller ones." : ""));
        problem.setInstance(instance(path));
        return problem;
    }

    /** 408: the body did not arrive in full within the body read timeout, or paused longer than a read may wait. */
    ProblemDetail bodyTooSlow(String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.REQUEST_TIMEOUT,
                "The request body did not arrive in time: it must arrive in full within "
                        + seconds(limits.bodyReadTimeout()) + " (gpufit.limits.body-read-timeout), without a pause "
                        + "longer than " + seconds(connectionTimeout) + " (server.tomcat.connection-timeout). "
                        + "Send the whole body at once.");
        problem.setInstance(instance(path));
        return problem;
    }

    /**
     * 413 or 408 when reading a body stopped on a limit (ours, or Tomcat's timeout for one read),
     * found anywhere in {@code failure}'s causes; null when it stopped for another reason.
     */
    ProblemDetail bodyProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BodyLimits.TooLarge large) {
                return bodyTooLarge(large.method, large.path, null);
            }
            if (t instanceof BodyLimits.TooSlow slow) {
                return bodyTooSlow(slow.path);
            }
            if (t instanceof SocketTimeoutException) {
                return bodyTooSlow(null);
            }
        }
        return null;
    }

    /**
     * What the container answers with {@code status} when no controller had its say: the request
     * could not be read as HTTP, had no handler, or failed.
     *
     * @param method    the request's method, or null when unknown
     * @param uri       the request URI as sent, or null when unknown
     * @param tooLarge  whether the request line or headers were over the size limit
     */
    ProblemDetail forStatus(int status, String method, String uri, boolean tooLarge) {
        HttpStatus known = HttpStatus.resolve(status);
        String detail = switch (status) {
            case 400 ->
                tooLarge
                        ? "The request line and headers are larger than the " + Bytes.count(maxHeaderBytes, "byte")
                                + " the server accepts (server.max-http-request-header-size): send a shorter "
                                + "path, query or headers."
                        : "The request is not valid HTTP, or its path is refused: an encoded slash (%2F) or "
                                + "backslash (%5C), an invalid %-escape, or a path that leaves the root. "
                                + "Nothing was processed.";
            case 404 -> "Nothing is served at this path; see /swagger-ui.html for the API.";
            // Spring answers its own 405s; the container's are for TRACE, which Tomcat refuses (and
            // whose error dispatch no longer says TRACE)
            case 405 ->
                "The request's method is not allowed here (TRACE never is); the Allow header lists those that "
                        + "are.";
            case 408 -> bodyTooSlow(null).getDetail();
            case 413 -> "The request is larger than the server accepts.";
            case 500 -> "Unexpected error; it has been logged.";
            default -> known == null ? "HTTP status " + status : known.getReasonPhrase() + ".";
        };
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setDetail(detail);
        if (known == null) {
            problem.setTitle("HTTP status " + status);
        }
        problem.setInstance(instance(uri));
        return problem;
    }

    /** The path as an instance URI reference; null when it is absent, too long or not a valid URI. */
    static URI instance(String uri) {
        if (uri == null || uri.isEmpty() || uri.length() > MAX_INSTANCE_LENGTH) {
            return null;
        }
        try {
            return new URI(uri);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
