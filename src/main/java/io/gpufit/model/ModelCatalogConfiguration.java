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

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * @param locations resource patterns of config.json files, each with {@code _name_or_path}
     * @param aliases   a JSON file of declared aliases: ids whose published config has the
     *                  architecture of a catalog model (empty for none)
     */
    @ConfigurationProperties("gpufit.model-catalog")
    record ModelCatalogProperties(
            @DefaultValue("classpath:models/*.json") List<String> locations,
            @DefaultValue("classpath:model-aliases.json") String aliases) {}

    /**
     * A declared alias: {@code id} is served with {@code base}'s config, for the reason given. A
     * quantized checkpoint of the base whose own config.json could not be found names the
     * {@code quantizationConfig} its model card describes, read like a config's {@code quantization_config}.
     */
    record ModelAlias(String id, String base, String reason, tools.jackson.databind.JsonNode quantizationConfig) {}

    /** The layout of the aliases file: a single {@code aliases} list. */
    record AliasFile(List<ModelAlias> aliases) {}

    @Bean
    ModelCatalog modelCatalog(ModelCatalogProperties properties) {
        List<ModelArchitecture> models = load(properties.locations());
        models.addAll(aliases(models, properties.aliases()));
        return new ModelCatalog(models);
    }

    /** Each alias as its base's architecture under the alias id; an alias of an unknown base stops the service. */
    static List<ModelArchitecture> aliases(List<ModelArchitecture> models, String location) {
        if (location == null || location.isBlank()) {
            return List.of();
        }
        Resource resource = new PathMatchingResourcePatternResolver().getResource(location);
        AliasFile file;
        try (InputStream in = resource.getInputStream()) {
            file = JSON.readValue(in, AliasFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model aliases " + location, e);
        } catch (JacksonException e) {
            throw new IllegalStateException("model aliases " + location + " are invalid: " + e.getMessage(), e);
        }
        ModelCatalog bases = new ModelCatalog(models);
        List<ModelArchitecture> aliases = new ArrayList<>();
        for (ModelAlias alias : file.aliases() == null ? List.<ModelAlias>of() : file.aliases()) {
            if (alias.id() == null || alias.base() == null || alias.reason() == null) {
                throw new IllegalStateException("model alias in " + location + " needs id, base and reason: " + alias);
            }
            ModelArchitecture base = bases.find(alias.base())
                    .orElseThrow(() -> new IllegalStateException("model alias " + alias.id() + " in " + location
                            + " names base " + alias.base() + ", which is not in the catalog"));
            ModelArchitecture aliased = base.withModelId(
                    alias.id(), "config of " + base.modelId() + " (declared alias): " + alias.reason());
            if (alias.quantizationConfig() != null) {
                var wrapped = JSON.createObjectNode().set("quantization_config", alias.quantizationConfig());
                aliased = aliased.withQuantization(QuantizationConfigReader.read(new ConfigFields(wrapped, "")));
            }
            aliases.add(aliased);
        }
        return aliases;
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
