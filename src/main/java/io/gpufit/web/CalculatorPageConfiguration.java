package io.gpufit.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The calculator page is static ({@code src/main/resources/static}: Spring Boot serves {@code index.html} at
 * {@code /}); this registers the headers only its own paths get ({@link CalculatorPageHeaders}).
 */
@Configuration(proxyBeanMethods = false)
class CalculatorPageConfiguration {

    @Bean
    FilterRegistrationBean<CalculatorPageHeaders> calculatorPageHeaders() {
        return new FilterRegistrationBean<>(new CalculatorPageHeaders());
    }
}
