package io.gpufit.model;

import java.io.IOException;
import java.io.InputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The shipped {@code config.json} files (src/main/resources/models), read as the API reads a modelConfig. */
final class ShippedConfigs {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private ShippedConfigs() {}

    /** A copy of the shipped config, free to change. */
    static ObjectNode config(String file) {
        try (InputStream in = ShippedConfigs.class.getResourceAsStream("/models/" + file + ".json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ModelArchitecture read(String file) {
        return read(config(file));
    }

    static ModelArchitecture read(JsonNode config) {
        return ModelConfigReader.read(config, "modelConfig");
    }
}
