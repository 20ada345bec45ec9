package io.gpufit.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.DisconnectedClientHelper;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Counts every answer with a 4xx or 5xx status as {@code gpufit.requests.refused}
 * ({@code gpufit_requests_refused_total}), by {@code status} and the problem's {@code type}: whatever
 * refused the request (validation, a size or time limit, an unknown path, the Hub), it is counted
 * here, on the way out, so a new kind of refusal needs no code of its own. A client that goes away
 * before it is answered (a body cut short) is not counted: nothing was answered.
 *
 * <p>The type is read from the top level of an {@code application/problem+json} (or JSON) body as
 * it is written: only answers of status 400 and above are looked at, and only their first
 * {@value #CAPTURE_LIMIT} bytes are kept. It is {@code none} for an answer that is not JSON (or
 * written by the servlet container after this filter, such as its own error pages),
 * {@code about:blank} for a problem without a type (RFC 9457's default, which Spring leaves out),
 * {@code unknown} when the body has no readable top-level {@code type}, and {@code other} for a type that is not
 * {@code about:blank} or one of this service's {@code urn:gpu-fit:problem:*}, so the number of series
 * stays bounded whatever a body holds.
 */
final class RefusedRequests extends OncePerRequestFilter {

    static final String NAME = "gpufit.requests.refused";

    /** Bytes of a refusal's body kept to find its type: problem bodies are small, and type is near the top. */
    static final int CAPTURE_LIMIT = 64 * 1024;

    private static final Pattern KNOWN_TYPE = Pattern.compile("about:blank|urn:gpu-fit:problem:[a-z0-9-]{1,64}");

    private static final JsonFactory JSON = new JsonFactory();

    private final MeterRegistry registry;

    RefusedRequests(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Capturing capturing = new Capturing(response);
        try {
            chain.doFilter(request, capturing);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            // A client that went away (a body cut short, a closed connection) gets no answer at all: not a
            // refusal. Anything else is answered 500 by the container after this filter: count it now.
            if (!DisconnectedClientHelper.isClientDisconnectedException(e)) {
                count(500, "none");
            }
            throw e;
        }
        int status = response.getStatus();
        if (status >= 400) {
            count(status, capturing.problemType());
        }
    }

    private void count(int status, String type) {
        Counter.builder(NAME)
                .description("Requests refused: answers with a 4xx or 5xx status, by status and problem type")
                .tag("status", Integer.toString(status))
                .tag("type", type)
                .register(registry)
                .increment();
    }

    /**
     * The problem type at the top level of a JSON body; see the class comment for the other values.
     *
     * @param problem whether the body is {@code application/problem+json}, where a missing type means
     *                {@code about:blank} (RFC 9457), as Spring writes it
     */
    static String problemType(byte[] json, boolean problem) {
        if (json == null) {
            return "none";
        }
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return "unknown";
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("type".equals(name)) {
                    if (value != JsonToken.VALUE_STRING) {
                        return "unknown";
                    }
                    String type = parser.getString();
                    return KNOWN_TYPE.matcher(type).matches() ? type : "other";
                }
                parser.skipChildren();
            }
            return problem && parser.currentToken() == JsonToken.END_OBJECT ? "about:blank" : "unknown";
        } catch (JacksonException e) {
            // cut short at the capture limit, or not JSON after all
            return "unknown";
        }
    }

    /**
     * The response, with the first {@link #CAPTURE_LIMIT} bytes of a JSON error body kept aside. Whether to
     * keep them is decided when the body is first asked for, when status and content type are set: other
     * answers get the container's own stream and writer, untouched.
     */
    private static final class Capturing extends HttpServletResponseWrapper {

        private ByteArrayOutputStream captured;
        private ServletOutputStream stream;
        private PrintWriter writer;

        Capturing(HttpServletResponse response) {
            super(response);
        }

        private boolean shouldCapture() {
            String type = getContentType();
            return getStatus() >= 400
                    && type != null
                    && type.toLowerCase(Locale.ROOT).contains("json");
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream out = super.getOutputStream();
                stream = shouldCapture() ? new TeeStream(out, buffer()) : out;
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                PrintWriter out = super.getWriter();
                writer = shouldCapture() ? new PrintWriter(new TeeWriter(out, buffer())) : out;
            }
            return writer;
        }

        private ByteArrayOutputStream buffer() {
            if (captured == null) {
                captured = new ByteArrayOutputStream();
            }
            return captured;
        }

        String problemType() {
            if (writer != null) {
                writer.flush();
            }
            if (captured == null) {
                return "none";
            }
            String type = getContentType();
            return RefusedRequests.problemType(
                    captured.toByteArray(),
                    type != null && type.toLowerCase(Locale.ROOT).contains("problem+json"));
        }
    }

    private static void keep(ByteArrayOutputStream captured, byte[] b, int off, int len) {
        int room = CAPTURE_LIMIT - captured.size();
        if (room > 0) {
            captured.write(b, off, Math.min(room, len));
        }
    }

    private static final class TeeStream extends ServletOutputStream {

        private final ServletOutputStream out;
        private final ByteArrayOutputStream captured;

        TeeStream(ServletOutputStream out, ByteArrayOutputStream captured) {
            this.out = out;
            this.captured = captured;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            keep(captured, new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            keep(captured, b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }

    /** Problem bodies are JSON, so UTF-8 is what a parser reads from the kept characters. */
    private static final class TeeWriter extends Writer {

        private final Writer out;
        private final ByteArrayOutputStream captured;

        TeeWriter(Writer out, ByteArrayOutputStream captured) {
            this.out = out;
            this.captured = captured;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            out.write(cbuf, off, len);
            if (captured.size() < CAPTURE_LIMIT) {
                byte[] bytes = new String(cbuf, off, len).getBytes(StandardCharsets.UTF_8);
                keep(captured, bytes, 0, bytes.length);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
