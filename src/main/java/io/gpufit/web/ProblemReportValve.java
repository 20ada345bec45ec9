package io.gpufit.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report, as problem+json instead of its HTML page: what Tomcat answers before a
 * request reaches the application (a request line or header over the size limit, an encoded slash
 * or an invalid escape in the path). Errors inside the application go through
 * {@link ErrorProblemController} instead; this writes only when nothing else has.
 */
final class ProblemReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ErrorProblems problems;

    ProblemReportValve(ErrorProblems problems) {
        this.problems = problems;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ProblemDetail problem =
                problems.forStatus(status, request.getMethod(), request.getRequestURI(), headerTooLarge(throwable));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        body.put("status", status);
        body.put("title", problem.getTitle());
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(body));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body: nothing more to do
        }
    }

    /** Tomcat's way of saying the request line and headers did not fit its buffer. */
    private static boolean headerTooLarge(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException
                    && t.getMessage() != null
                    && t.getMessage().contains("too large")) {
                return true;
            }
        }
        return false;
    }
}
