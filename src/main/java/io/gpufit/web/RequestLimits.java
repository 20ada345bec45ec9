package io.gpufit.web;

import io.gpufit.application.PlanLimits;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one request may cost the service, under {@code gpufit.limits}: every limit is refused
 * with a problem that names it, before the work it would cause.
 *
 * @param maxBodySize            the largest body of {@code POST /estimate} (and of any other
 *                               request); larger ones are refused with 413 before they are parsed
 * @param maxPlanBodySize        the same for {@code POST /plan}
 * @param bodyReadTimeout        how long a body may take to arrive in full, however it trickles:
 *                               408 after that (Tomcat's {@code server.tomcat.connection-timeout}
 *                               bounds each single read)
 * @param maxErrors              violations listed in a 400; the rest are counted
 * @param maxRejectedValueLength characters of a rejected value (or a field path) echoed in a 400;
 *                               longer ones are cut, saying how long they were
 * @param maxPlanCandidates      candidate rows one {@code POST /plan} answer may hold (the sum over
 *                               its scenarios of the GPUs each is weighed against); more is a 400
 */
@ConfigurationProperties("gpufit.limits")
record RequestLimits(
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("8MB") DataSize maxPlanBodySize,
        @DefaultValue("10s") Duration bodyReadTimeout,
        @DefaultValue("100") int maxErrors,
        @DefaultValue("200") int maxRejectedValueLength,
        @DefaultValue("5000") int maxPlanCandidates) {

    /** The defaults, as application.yaml states them. */
    static final RequestLimits DEFAULTS =
            new RequestLimits(DataSize.ofMegabytes(1), DataSize.ofMegabytes(8), Duration.ofSeconds(10), 100, 200, 5000);

    RequestLimits {
        require(maxBodySize.toBytes() > 0, "max-body-size", maxBodySize);
        require(maxPlanBodySize.toBytes() > 0, "max-plan-body-size", maxPlanBodySize);
        require(!bodyReadTimeout.isNegative() && !bodyReadTimeout.isZero(), "body-read-timeout", bodyReadTimeout);
        require(maxErrors > 0, "max-errors", maxErrors);
        require(maxRejectedValueLength >= 16, "max-rejected-value-length (at least 16)", maxRejectedValueLength);
        require(maxPlanCandidates > 0, "max-plan-candidates", maxPlanCandidates);
    }

    private static void require(boolean valid, String name, Object value) {
        if (!valid) {
            throw new IllegalArgumentException("gpufit.limits." + name + " must be positive, not " + value);
        }
    }

    /** The largest body accepted on {@code path}. */
    long maxBodyBytes(String path) {
        return "/plan".equals(path) ? maxPlanBodySize.toBytes() : maxBodySize.toBytes();
    }

    /** The property that sets {@link #maxBodyBytes(String)} for {@code path}, for the problem that names it. */
    static String maxBodyProperty(String path) {
        return "/plan".equals(path) ? "gpufit.limits.max-plan-body-size" : "gpufit.limits.max-body-size";
    }

    PlanLimits planLimits() {
        return new PlanLimits(maxPlanCandidates, maxErrors);
    }
}
