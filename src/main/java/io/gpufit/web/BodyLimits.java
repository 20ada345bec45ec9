package io.gpufit.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds what reading a request body may cost, before anything parses it. A body whose
 * {@code Content-Length} is over the limit is refused with 413 without reading a byte of it; any
 * other body (chunked, without a length) is counted as it is read and refused once it passes the
 * limit. Every body must also arrive in full within {@link RequestLimits#bodyReadTimeout()}
 * however slowly it trickles (Tomcat's connection timeout bounds each single read): 408.
 */
final class BodyLimits extends OncePerRequestFilter {

    private final RequestLimits limits;
    private final ErrorProblems problems;

    BodyLimits(ErrorProblems problems) {
        this.limits = problems.limits();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = path(request);
        long limit = limits.maxBodyBytes(path);
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            // nothing was read: the client learns the limit before it sends the rest
            ErrorProblems.send(request, response, problems.bodyTooLarge(request.getMethod(), path, declared));
            return;
        }
        long deadline = System.nanoTime() + limits.bodyReadTimeout().toNanos();
        try {
            chain.doFilter(new Bounded(request, path, limit, deadline), response);
        } catch (IOException | ServletException e) {
            // a filter read the body (the response cache does) and stopped on a limit: 413 or 408
            // as from a controller, not a 500
            ProblemDetail problem = problems.bodyProblem(e);
            if (problem == null) {
                throw e;
            }
            request.setAttribute(ErrorProblems.ATTRIBUTE, problem);
            // Tomcat itself has already sent the error (and suspended the response) when its own read
            // timed out: then its error page writes the problem left above
            if (!response.isCommitted()) {
                response.sendError(problem.getStatus());
            }
        }
    }

    static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /** The body passed the limit while it was being read. */
    static final class TooLarge extends IOException {

        private static final long serialVersionUID = 1L;

        final transient String method;
        final transient String path;

        TooLarge(String method, String path, long limit) {
            super("request body over " + limit + " bytes");
            this.method = method;
            this.path = path;
        }
    }

    /** The body did not arrive in full within the body read timeout. */
    static final class TooSlow extends IOException {

        private static final long serialVersionUID = 1L;

        final transient String path;

        TooSlow(String path) {
            super("request body not read within the body read timeout");
            this.path = path;
        }
    }

    /** The request, with a body that counts its bytes and its time. */
    private static final class Bounded extends HttpServletRequestWrapper {

        private final String path;
        private final long limit;
        private final long deadline;
        private ServletInputStream body;

        Bounded(HttpServletRequest request, String path, long limit, long deadline) {
            super(request);
            this.path = path;
            this.limit = limit;
            this.deadline = deadline;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new Counted(super.getInputStream());
            }
            return body;
        }

        /** The body as text, through the same count (Tomcat's own reader would bypass it). */
        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset;
            try {
                charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                throw new java.io.UnsupportedEncodingException(encoding);
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        private final class Counted extends ServletInputStream {

            private final ServletInputStream in;
            private long read;

            Counted(ServletInputStream in) {
                this.in = in;
            }

            @Override
            public int read() throws IOException {
                checkTime();
                int b = in.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                checkTime();
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void checkTime() throws TooSlow {
                if (System.nanoTime() - deadline > 0) {
                    throw new TooSlow(path);
                }
            }

            private void count(int n) throws IOException {
                read += n;
                if (read > limit) {
                    throw new TooLarge(getMethod(), path, limit);
                }
                checkTime();
            }

            @Override
            public boolean isFinished() {
                return in.isFinished();
            }

            @Override
            public boolean isReady() {
                return in.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
            }
        }
    }
}
