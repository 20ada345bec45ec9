package io.gpufit.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Registers {@link RefusedRequests} in front of everything else that can refuse a request. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    /**
     * Right after the request id (at the highest precedence), ahead of every filter that may answer by
     * itself (size limits, the response cache), so that it sees their answers too.
     */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    @Bean
    FilterRegistrationBean<RefusedRequests> refusedRequests(MeterRegistry registry) {
        FilterRegistrationBean<RefusedRequests> registration =
                new FilterRegistrationBean<>(new RefusedRequests(registry));
        registration.setOrder(ORDER);
        return registration;
    }
}
