package io.gpufit.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Every 4xx and 5xx answer is counted by status and problem type, whoever wrote it and however. */
class RefusedRequestsTest {

    private static final String PROBLEM = "application/problem+json";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RefusedRequests filter = new RefusedRequests(registry);
    private final MockHttpServletResponse response = new MockHttpServletResponse();

    private double refused(String status, String type) {
        var counter = registry.find(RefusedRequests.NAME)
                .tag("status", status)
                .tag("type", type)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private void run(FilterChain chain) throws ServletException, IOException {
        filter.doFilter(new MockHttpServletRequest("POST", "/estimate"), response, chain);
    }

    @Test
    void aProblemWrittenToTheStreamIsCountedByStatusAndType() throws Exception {
        String body = "{\"detail\":\"too big\",\"status\":413,\"title\":\"Payload Too Large\","
                + "\"type\":\"urn:gpu-fit:problem:payload-too-large\"}";
        run((req, res) -> {
            var http = (jakarta.servlet.http.HttpServletResponse) res;
            http.setStatus(413);
            http.setContentType(PROBLEM);
            http.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        });

        assertThat(refused("413", "urn:gpu-fit:problem:payload-too-large")).isEqualTo(1);
        assertThat(response.getContentAsString()).isEqualTo(body);
    }

    @Test
    void aProblemWrittenThroughTheWriterIsCountedToo() throws Exception {
        run((req, res) -> {
            var http = (jakarta.servlet.http.HttpServletResponse) res;
            http.setStatus(408);
            http.setContentType(PROBLEM);
            http.setCharacterEncoding("UTF-8");
            http.getWriter().write("{\"status\":408,\"type\":\"urn:gpu-fit:problem:request-timeout\"}");
        });

        assertThat(refused("408", "urn:gpu-fit:problem:request-timeout")).isEqualTo(1);
        assertThat(response.getContentAsString()).contains("request-timeout");
    }

    @Test
    void successIsNotCountedAndItsStreamIsNotWrapped() throws Exception {
        run((req, res) -> {
            var http = (jakarta.servlet.http.HttpServletResponse) res;
            http.setStatus(200);
            http.setContentType("application/json");
            assertThat(http.getOutputStream()).isSameAs(response.getOutputStream());
            http.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
        });

        assertThat(registry.find(RefusedRequests.NAME).counters()).isEmpty();
    }

    @Test
    void anErrorSentToTheContainerIsCountedWithoutAType() throws Exception {
        run((req, res) -> ((jakarta.servlet.http.HttpServletResponse) res).sendError(404));

        assertThat(refused("404", "none")).isEqualTo(1);
    }

    @Test
    void anExceptionOutOfTheChainIsCountedAsA500() {
        assertThatThrownBy(() -> run((req, res) -> {
                    throw new IllegalStateException("bug");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(refused("500", "none")).isEqualTo(1);
    }

    @Test
    void aClientThatWentAwayIsNotCounted() {
        assertThatThrownBy(() -> run((req, res) -> {
                    // what Tomcat throws when the client closes the connection in the middle of its body
                    throw new java.io.EOFException();
                }))
                .isInstanceOf(java.io.EOFException.class);

        assertThat(registry.find(RefusedRequests.NAME).counters()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"type\":\"urn:gpu-fit:problem:invalid-request\",\"status\":400}|urn:gpu-fit:problem:invalid-request",
                "{\"status\":404,\"type\":\"about:blank\"}|about:blank",
                // the type is the top-level one, not one inside the errors or an echoed value
                "{\"errors\":[{\"type\":\"urn:gpu-fit:problem:forged\"}],\"type\":\"about:blank\"}|about:blank",
                "{\"errors\":[{\"type\":\"urn:gpu-fit:problem:forged\"}]}|about:blank",
                // any other type is one series, whatever it says
                "{\"type\":\"https://example.com/whatever\"}|other",
                "{\"type\":\"urn:gpu-fit:problem:UPPER\"}|other",
                "{\"type\":42}|unknown",
                "[1,2]|unknown",
                "not json|unknown",
                "{\"detail\":\"cut sho|unknown"
            })
    void theTypeIsReadFromTheTopLevelOnly(String body, String type) {
        assertThat(RefusedRequests.problemType(body.getBytes(StandardCharsets.UTF_8), true))
                .isEqualTo(type);
    }

    @Test
    void aProblemWithoutATypeIsAboutBlankAsRfc9457Says() {
        byte[] body = "{\"detail\":\"No static resource x.\",\"status\":404,\"title\":\"Not Found\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(RefusedRequests.problemType(body, true)).isEqualTo("about:blank");
        // plain JSON is no problem document: no default
        assertThat(RefusedRequests.problemType(body, false)).isEqualTo("unknown");
    }

    @Test
    void aTypeAfterLongErrorsIsFoundWithinTheCaptureLimit() {
        String errors = "{\"m\":\"" + "x".repeat(100) + "\"},";
        String body = "{\"errors\":[" + errors.repeat(300) + "{}],\"type\":\"urn:gpu-fit:problem:invalid-request\"}";
        assertThat(body.length()).isLessThan(RefusedRequests.CAPTURE_LIMIT);

        assertThat(RefusedRequests.problemType(body.getBytes(StandardCharsets.UTF_8), true))
                .isEqualTo("urn:gpu-fit:problem:invalid-request");
    }

    @Test
    void aHugeBodyIsKeptOnlyUpToTheLimit() throws Exception {
        String huge = "{\"errors\":[\"" + "x".repeat(RefusedRequests.CAPTURE_LIMIT * 4)
                + "\"],\"type\":\"urn:gpu-fit:problem:invalid-request\"}";
        run((req, res) -> {
            var http = (jakarta.servlet.http.HttpServletResponse) res;
            http.setStatus(400);
            http.setContentType(PROBLEM);
            http.getOutputStream().write(huge.getBytes(StandardCharsets.UTF_8));
        });

        // the answer goes out whole; the type lies past what is kept
        assertThat(response.getContentAsString()).hasSize(huge.length());
        assertThat(refused("400", "unknown")).isEqualTo(1);
    }
}
