package io.gpufit.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Answers a repeated {@code POST /estimate} or {@code /plan} from memory. An answer is a pure
 * function of the request and of catalogs that do not change while the service runs, so the same
 * request bytes get the same 200 body: schedulers ask the same question again and again. Only 200
 * answers are kept, keyed by path, query and the exact body bytes; entries expire after
 * {@code ttl} (the Hub config cache's lifetime, so a model fetched from the Hub is never served
 * staler than its config) and the cache holds at most {@code maxSize} of keys and bodies.
 */
final class ResponseCache extends OncePerRequestFilter {

    private static final Set<String> PATHS = Set.of("/estimate", "/plan");

    /**
     * @param maxSize   bodies and keys kept at most; 0 turns the cache off
     * @param ttl       how long an answer is served from memory
     * @param maxKey    largest request body considered; larger ones are always computed
     */
    @ConfigurationProperties("gpufit.response-cache")
    record Properties(
            @DefaultValue("32MB") DataSize maxSize,
            @DefaultValue("1h") Duration ttl,
            @DefaultValue("64KB") DataSize maxKey) {}

    private record Key(String path, String query, byte[] body) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && path.equals(k.path) && query.equals(k.query) && Arrays.equals(body, k.body);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * path.hashCode() + query.hashCode()) + Arrays.hashCode(body);
        }
    }

    private final Cache<Key, byte[]> answers;
    private final int maxKey;

    ResponseCache(Properties properties) {
        this.maxKey = (int) Math.min(Integer.MAX_VALUE - 8, properties.maxKey().toBytes());
        this.answers = properties.maxSize().toBytes() <= 0
                ? null
                : Caffeine.newBuilder()
                        .maximumWeight(properties.maxSize().toBytes())
                        .weigher((Key k, byte[] v) -> k.body.length + v.length + k.path.length() + k.query.length())
                        .expireAfterWrite(properties.ttl())
                        .build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return answers == null
                || !"POST".equals(request.getMethod())
                || !PATHS.contains(request.getRequestURI())
                || request.getContentLengthLong() < 0
                || request.getContentLengthLong() > maxKey
                || !MediaType.APPLICATION_JSON.isCompatibleWith(contentType(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(maxKey + 1);
        if (body.length > maxKey) {
            chain.doFilter(new Replayed(request, body), response);
            return;
        }
        // the query (view=summary) and what the client accepts change the answer, so both are part of the key
        String query = (request.getQueryString() == null ? "" : request.getQueryString()) + "\n"
                + (request.getHeader("Accept") == null ? "" : request.getHeader("Accept"));
        Key key = new Key(request.getRequestURI(), query, body);
        byte[] cached = answers.getIfPresent(key);
        if (cached != null) {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setContentLength(cached.length);
            response.getOutputStream().write(cached);
            return;
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        chain.doFilter(new Replayed(request, body), recorded);
        if (recorded.getStatus() == HttpServletResponse.SC_OK
                && MediaType.APPLICATION_JSON.isCompatibleWith(contentType(recorded.getContentType()))) {
            answers.put(key, recorded.getContentAsByteArray());
        }
        recorded.copyBodyToResponse();
    }

    private static MediaType contentType(HttpServletRequest request) {
        return contentType(request.getContentType());
    }

    private static MediaType contentType(String value) {
        try {
            return value == null ? MediaType.ALL : MediaType.parseMediaType(value);
        } catch (IllegalArgumentException e) {
            return MediaType.ALL;
        }
    }

    /** The request with its body read once and replayed to the controller. */
    private static final class Replayed extends HttpServletRequestWrapper {

        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
