package io.gpufit.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Loads the GPU catalog at startup. A malformed or unknown-field entry stops the service with a
 * message naming the file: a silently skipped GPU would change every recommendation.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GpuCatalogProperties.class)
class GpuCatalogConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GpuCatalogConfiguration.class);

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    @Bean
    GpuCatalog gpuCatalog(GpuCatalogProperties properties, ResourceLoader resources) {
        Map<String, GpuProfile> profiles = new LinkedHashMap<>();
        read(resources, properties.location()).forEach(p -> profiles.put(p.id(), p));
        for (String extra : properties.additionalLocations()) {
            read(resources, extra).forEach(p -> profiles.put(p.id(), p));
        }
        GpuCatalog catalog = new GpuCatalog(profiles.values());
        log.info(
                "GPU catalog: {} profiles from {} plus {}",
                profiles.size(),
                properties.location(),
                properties.additionalLocations());
        return catalog;
    }

    static List<GpuProfile> read(ResourceLoader resources, String location) {
        Resource resource = resources.getResource(location);
        try (InputStream in = resource.getInputStream()) {
            CatalogFile file = YAML.readValue(in, CatalogFile.class);
            if (file.gpus() == null) {
                throw new IllegalStateException("GPU catalog " + location + " has no 'gpus' list");
            }
            return file.gpus();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read GPU catalog " + location, e);
        } catch (JacksonException e) {
            throw new IllegalStateException(
                    "GPU catalog " + location + " is invalid at " + fieldPath(e) + ": " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("GPU catalog " + location + " is invalid: " + e.getMessage(), e);
        }
    }

    /** {@code gpus[0].usableMemoryBytes}: where in the file the problem is. */
    private static String fieldPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        String where =
                e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
        return (path.isEmpty() ? "the top level" : path) + where;
    }

    /** The layout of a catalog file: a single {@code gpus} list. */
    record CatalogFile(List<GpuProfile> gpus) {}
}
