package io.gpufit.web;

import java.time.Duration;
import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * The request limits ({@code gpufit.limits}): the body filter, and problem+json for what the HTTP
 * layer refuses on its own (Tomcat's error report replaced by {@link ProblemReportValve}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestLimits.class)
class LimitsConfiguration {

    @Bean
    ErrorProblems errorProblems(
            RequestLimits limits,
            @Value("${server.tomcat.connection-timeout:60s}") Duration connectionTimeout,
            @Value("${server.max-http-request-header-size:8KB}") DataSize maxHeaderSize) {
        return new ErrorProblems(limits, connectionTimeout, maxHeaderSize.toBytes());
    }

    /** Before every filter that could read a body (the response cache, Spring's form filter). */
    @Bean
    FilterRegistrationBean<BodyLimits> bodyLimits(ErrorProblems problems) {
        FilterRegistrationBean<BodyLimits> registration = new FilterRegistrationBean<>(new BodyLimits(problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /**
     * Tomcat's error report valve on the host, replaced just before the host starts (after every
     * customizer, Spring Boot's own, which adds one, included) by the one that writes problem+json.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(ErrorProblems problems) {
        return factory -> factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            if (parent instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
                host.addLifecycleListener(event -> {
                    if (!Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                        return;
                    }
                    boolean present = false;
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ProblemReportValve) {
                            present = true;
                        } else if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    if (!present) {
                        host.getPipeline().addValve(new ProblemReportValve(problems));
                    }
                });
            }
        });
    }
}
