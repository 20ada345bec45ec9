package io.gpufit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The id is in the logging MDC while the request is served, and gone after. */
class RequestIdFilterTest {

    private final RequestIdFilter filter = new RequestIdFilter();

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void theIdIsInTheMdcDuringTheRequestOnly() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/gpus");
        request.addHeader("X-Request-Id", "req-42");
        MockHttpServletResponse response = new MockHttpServletResponse();
        List<String> seen = new ArrayList<>();

        filter.doFilter(request, response, (req, res) -> seen.add(MDC.get("requestId")));

        assertThat(seen).containsExactly("req-42");
        assertThat(response.getHeader("X-Request-Id")).isEqualTo("req-42");
        assertThat(MDC.get("requestId")).isNull();
    }

    @Test
    void theMdcIsClearedWhenTheRequestFails() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/gpus");

        try {
            filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
                assertThat(MDC.get("requestId")).isNotBlank();
                throw new IllegalStateException("bug");
            });
        } catch (Exception expected) {
            assertThat(expected).isInstanceOf(IllegalStateException.class);
        }

        assertThat(MDC.get("requestId")).isNull();
    }

    @Test
    void aGeneratedIdIsKeptForTheErrorDispatchThatFollows() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/gpus");
        MockHttpServletResponse response = new MockHttpServletResponse();
        List<String> seen = new ArrayList<>();

        filter.doFilter(request, response, (req, res) -> seen.add(MDC.get("requestId")));
        request.setDispatcherType(jakarta.servlet.DispatcherType.ERROR);
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.add(MDC.get("requestId")));

        assertThat(seen).hasSize(2).doesNotContainNull();
        assertThat(seen.get(1)).isEqualTo(seen.get(0)).isEqualTo(response.getHeader("X-Request-Id"));
    }
}
