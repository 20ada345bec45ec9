package io.gpufit.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id, carried in the {@code X-Request-Id} header and the logs: the caller's
 * own id when it sends a sane one (1 to {@value #MAX_LENGTH} characters of letters, digits and
 * {@code . _ : + = / -}, so nothing can break a log line or a header), else a random UUID. The id
 * is echoed in the response's {@code X-Request-Id} (set before anything else runs, so every answer
 * has it, errors included) and put in the logging MDC as {@value #MDC_KEY} for the request's
 * duration, where the log pattern and the structured JSON logs pick it up.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    static final int MAX_LENGTH = 128;

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:+=/-]{1," + MAX_LENGTH + "}");

    /** Where the id is kept for the error dispatch that may follow, so that it sees the same id. */
    private static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        // the container's error page is rendered in a dispatch of its own: keep the id in its logs too
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = request.getAttribute(ATTRIBUTE) instanceof String kept ? kept : idOf(request.getHeader(HEADER));
        request.setAttribute(ATTRIBUTE, id);
        if (!response.isCommitted()) {
            response.setHeader(HEADER, id);
        }
        String outer = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            if (outer == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, outer);
            }
        }
    }

    /** The caller's id if it is sane, else a new one. */
    static String idOf(String header) {
        return header != null && SANE.matcher(header).matches()
                ? header
                : UUID.randomUUID().toString();
    }
}
