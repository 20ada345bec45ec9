package io.gpufit.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The calculator page ({@code /}, served from {@code static/index.html} with its scripts and styles under
 * {@code /calculator/}) runs only code the service serves and talks only to the service: a strict
 * Content-Security-Policy says so to the browser, so an injected script or a framing page gets nowhere.
 * Only the page's own paths get it: Swagger UI needs inline scripts and styles, and the API answers JSON.
 * {@code no-cache} makes a browser revalidate the page after an upgrade instead of running stale scripts.
 */
final class CalculatorPageHeaders extends OncePerRequestFilter {

    static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.isEmpty() || path.equals("/") || path.equals("/index.html") || path.startsWith("/calculator/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-cache");
        chain.doFilter(request, response);
    }
}
