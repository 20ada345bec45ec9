package io.gpufit.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@link ResponseCache} for {@code POST /estimate} and {@code /plan}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResponseCache.Properties.class)
class ResponseCacheConfiguration {

    @Bean
    FilterRegistrationBean<ResponseCache> responseCache(ResponseCache.Properties properties) {
        FilterRegistrationBean<ResponseCache> registration =
                new FilterRegistrationBean<>(new ResponseCache(properties));
        registration.addUrlPatterns("/estimate", "/plan");
        return registration;
    }
}
