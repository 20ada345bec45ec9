package io.gpufit.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Binding of {@code gpufit.hub.*} with Spring Boot's {@link Binder}, without an application context. */
class HubPropertiesTest {

    private static HubProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("gpufit.hub", HubProperties.class);
    }

    @Test
    void defaults() {
        HubProperties properties = bind(Map.of());

        assertThat(properties).isEqualTo(HubProperties.defaults());
        assertThat(properties.enabled()).isFalse();
        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(properties.token()).isEmpty();
        assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.cacheSize()).isEqualTo(256);
        assertThat(properties.cacheTtl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void bindsEverySetting() {
        HubProperties properties = bind(Map.of(
                "gpufit.hub.enabled", "true",
                "gpufit.hub.base-url", "http://localhost:8081/hf",
                "gpufit.hub.token", " hf_abc\n",
                "gpufit.hub.connect-timeout", "500ms",
                "gpufit.hub.read-timeout", "3s",
                "gpufit.hub.cache-size", "10",
                "gpufit.hub.cache-ttl", "10m"));

        assertThat(properties)
                .isEqualTo(new HubProperties(
                        true,
                        URI.create("http://localhost:8081/hf"),
                        "hf_abc",
                        Duration.ofMillis(500),
                        Duration.ofSeconds(3),
                        10,
                        Duration.ofMinutes(10)));
    }

    @Test
    void theTokenComesFromHfTokenAndEnabledFromGpufitHubEnabled() {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("HF_TOKEN", "hf_from_env", "GPUFIT_HUB_ENABLED", "true")));
        sources.addLast(new MapPropertySource("application.yaml", Map.of("gpufit.hub.token", "${HF_TOKEN:}")));
        Binder binder = new Binder(
                ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));

        HubProperties properties = binder.bindOrCreate("gpufit.hub", HubProperties.class);

        assertThat(properties.token()).isEqualTo("hf_from_env");
        assertThat(properties.enabled()).isTrue();
    }

    @Test
    void withoutHfTokenThePlaceholderLeavesNoToken() {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new MapPropertySource("application.yaml", Map.of("gpufit.hub.token", "${HF_TOKEN:}")));
        Binder binder = new Binder(
                ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));

        assertThat(binder.bindOrCreate("gpufit.hub", HubProperties.class).token())
                .isEmpty();
    }

    @Test
    void toStringMasksTheToken() {
        HubProperties properties = new HubProperties(true, null, "hf_secret", null, null, 1, null);

        assertThat(properties.toString()).doesNotContain("hf_secret").contains("token=******");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://huggingface.co",
                "huggingface.co",
                "/relative",
                "https://huggingface.co?x=1",
                "https://user:pw@huggingface.co",
                "https://huggingface.co#frag"
            })
    void rejectsABaseUrlThatIsNotAPlainHttpUrl(String url) {
        assertThatThrownBy(() -> bind(Map.of("gpufit.hub.base-url", url)))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("gpufit.hub.base-url");
    }

    @Test
    void rejectsATokenThatCannotBeAHeader() {
        assertThatThrownBy(() -> new HubProperties(true, null, "hf_a b", null, null, 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HF_TOKEN")
                .hasMessageNotContaining("hf_a b");
    }

    @Test
    void rejectsNonPositiveTimeoutsAndNegativeCacheSizes() {
        assertThatThrownBy(() -> bind(Map.of("gpufit.hub.read-timeout", "0s")))
                .rootCause()
                .hasMessageContaining("gpufit.hub.read-timeout");
        assertThatThrownBy(() -> bind(Map.of("gpufit.hub.connect-timeout", "-1s")))
                .rootCause()
                .hasMessageContaining("gpufit.hub.connect-timeout");
        assertThatThrownBy(() -> bind(Map.of("gpufit.hub.cache-size", "-1")))
                .rootCause()
                .hasMessageContaining("gpufit.hub.cache-size");
    }
}
