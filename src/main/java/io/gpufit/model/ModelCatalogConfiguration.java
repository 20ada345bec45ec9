package io.gpufit.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the model catalog at startup from {@code config.json} files: the shipped ones and any an
 * operator adds ({@code gpufit.model-catalog.locations}). A file the reader cannot count stops the
 * service with the file and field named.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ModelCatalogConfiguration.ModelCatalogProperties.class)
class ModelCatalogConfiguration {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @param locations resource patterns of config.json files, each with {@code _name_or_path}
     */
    @ConfigurationProperties("gpufit.model-catalog")
    record ModelCatalogProperties(
            @DefaultValue("classpath:models/*.json") List<String> locations) {}

    @Bean
    ModelCatalog modelCatalog(ModelCatalogProperties properties) {
        return new ModelCatalog(load(properties.locations()));
    }

    static List<ModelArchitecture> load(List<String> locations) {
        var resolver = new PathMatchingResourcePatternResolver();
        List<ModelArchitecture> models = new ArrayList<>();
        for (String location : locations) {
            Resource[] resources;
            try {
                resources = resolver.getResources(location);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list model configs at " + location, e);
            }
            Arrays.sort(resources, Comparator.comparing(r -> String.valueOf(r.getFilename())));
            for (Resource resource : resources) {
                models.add(read(resource));
            }
        }
        return models;
    }

    private static ModelArchitecture read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            JsonNode config = JSON.readTree(in);
            ModelArchitecture model = ModelConfigReader.read(config, "config");
            if (model.modelId() == null) {
                throw new IllegalStateException("model config " + resource + " has no _name_or_path");
            }
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model config " + resource, e);
        } catch (JacksonException | InvalidModelConfigException e) {
            throw new IllegalStateException("model config " + resource + " is invalid: " + e.getMessage(), e);
        }
    }
}
