package io.gpufit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/** {@link BodyLimits} alone, on mock requests: the declared length, and the count through both ways of reading. */
class BodyLimitsTest {

    private static final RequestLimits SMALL =
            new RequestLimits(DataSize.ofBytes(10), DataSize.ofBytes(20), Duration.ofSeconds(10), 100, 200, 5000);

    private final BodyLimits filter = new BodyLimits(new ErrorProblems(SMALL, Duration.ofSeconds(10), 8192));

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithoutCallingTheChain() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/estimate");
        request.setContent(new byte[11]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<HttpServletRequest> passed = new AtomicReference<>();

        filter.doFilter(request, response, (req, res) -> passed.set((HttpServletRequest) req));

        assertThat(passed.get()).isNull();
        assertThat(response.getStatus()).isEqualTo(413);
        ProblemDetail problem = (ProblemDetail) request.getAttribute(ErrorProblems.ATTRIBUTE);
        assertThat(problem.getDetail())
                .isEqualTo("The body of POST /estimate may be at most 10 bytes (gpufit.limits.max-body-size); this one "
                        + "declares 11 bytes (Content-Length) and was not read.");
    }

    /** /plan has its own limit: 11 bytes pass there, and the 21st byte read does not. */
    @Test
    void theBodyIsCountedAsItIsReadThroughTheStreamAndTheReader() throws Exception {
        for (boolean reader : new boolean[] {false, true}) {
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/plan");
            request.setContent("x".repeat(11).getBytes());
            MockHttpServletResponse response = new MockHttpServletResponse();
            AtomicReference<HttpServletRequest> passed = new AtomicReference<>();
            filter.doFilter(request, response, (req, res) -> passed.set((HttpServletRequest) req));
            assertThat(passed.get()).isNotNull();

            // a chunked body announces no length; this one sends 25 bytes
            MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/plan") {
                @Override
                public long getContentLengthLong() {
                    return -1;
                }
            };
            chunked.setContent("y".repeat(25).getBytes());
            filter.doFilter(chunked, new MockHttpServletResponse(), (req, res) -> passed.set((HttpServletRequest) req));
            HttpServletRequest bounded = passed.get();
            assertThatThrownBy(() -> {
                        if (reader) {
                            bounded.getReader().transferTo(java.io.Writer.nullWriter());
                        } else {
                            bounded.getInputStream().readAllBytes();
                        }
                    })
                    .isInstanceOf(BodyLimits.TooLarge.class);
        }
    }
}
