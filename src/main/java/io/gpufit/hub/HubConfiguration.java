package io.gpufit.hub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Provides the {@link HubConfigFetcher}. The bean always exists; when {@code gpufit.hub.enabled}
 * is false its {@link HubConfigFetcher#enabled()} is false and every fetch fails with a 502 that
 * says how to enable it. A {@link HubFetchListener} bean, when there is one (the metrics), is told of
 * its cache hits and fetches.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubProperties.class)
class HubConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HubConfiguration.class);

    @Bean
    HubConfigFetcher hubConfigFetcher(HubProperties properties, ObjectProvider<HubFetchListener> listener) {
        if (properties.enabled()) {
            log.info(
                    "Hugging Face Hub fetch enabled: {} (token {}), cache {} entries for {}",
                    properties.baseUrl(),
                    properties.hasToken() ? "set" : "not set",
                    properties.cacheSize(),
                    properties.cacheTtl());
        } else {
            log.info("Hugging Face Hub fetch disabled (gpufit.hub.enabled / GPUFIT_HUB_ENABLED)");
        }
        return new HubConfigFetcher(
                properties,
                HubConfigFetcher.newHttpClient(properties),
                listener.getIfAvailable(() -> HubFetchListener.NONE));
    }
}
