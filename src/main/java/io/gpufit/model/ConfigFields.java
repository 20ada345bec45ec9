package io.gpufit.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Typed, checked access to a {@code config.json} object. Every failure names the field as a path
 * from the request ({@code modelConfig.num_attention_heads}), the value and what is allowed.
 */
final class ConfigFields {

    private final JsonNode config;
    private final String path;

    ConfigFields(JsonNode config, String path) {
        this.config = config;
        this.path = path;
    }

    String path(String field) {
        return path + "." + field;
    }

    JsonNode node() {
        return config;
    }

    boolean has(String field) {
        JsonNode value = config.get(field);
        return value != null && !value.isNull();
    }

    /** A required whole number in {@code [1, max]}; the first of {@code names} present is used. */
    int positive(int max, String... names) {
        for (String name : names) {
            if (has(name)) {
                return checked(name, config.get(name), 1, max);
            }
        }
        throw new InvalidModelConfigException(
                path(names[0]),
                null,
                "is required"
                        + (names.length > 1
                                ? " (or " + String.join(", ", List.of(names).subList(1, names.length)) + ")"
                                : "")
                        + "; a whole number from 1 to " + max);
    }

    /** An optional whole number in {@code [min, max]}; null when absent or null. */
    Integer optional(String name, int min, int max) {
        return has(name) ? checked(name, config.get(name), min, max) : null;
    }

    int optional(String name, int min, int max, int fallback) {
        Integer value = optional(name, min, max);
        return value == null ? fallback : value;
    }

    /** An optional number in {@code (0, 1]}, e.g. a ratio; {@code fallback} when absent. */
    double fraction(String name, double fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode value = config.get(name);
        if (!value.isNumber() || value.doubleValue() <= 0 || value.doubleValue() > 1) {
            throw new InvalidModelConfigException(path(name), value.toString(), "must be a number in (0, 1]");
        }
        return value.doubleValue();
    }

    boolean flag(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode value = config.get(name);
        if (!value.isBoolean()) {
            throw new InvalidModelConfigException(path(name), value.toString(), "must be true or false");
        }
        return value.asBoolean();
    }

    Optional<String> text(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = config.get(name);
        if (!value.isString()) {
            throw new InvalidModelConfigException(path(name), value.toString(), "must be a string");
        }
        return Optional.of(value.stringValue());
    }

    /** A list of strings; empty when absent. */
    List<String> strings(String name) {
        if (!has(name)) {
            return List.of();
        }
        JsonNode value = config.get(name);
        if (!value.isArray()) {
            throw new InvalidModelConfigException(path(name), value.toString(), "must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isString()) {
                throw new InvalidModelConfigException(
                        path(name) + "[" + i + "]", value.get(i).toString(), "must be a string");
            }
            out.add(value.get(i).stringValue());
        }
        return out;
    }

    /** A list of whole numbers in {@code [min, max]}; empty when absent. */
    List<Integer> integers(String name, int min, int max) {
        if (!has(name)) {
            return List.of();
        }
        JsonNode value = config.get(name);
        if (!value.isArray()) {
            throw new InvalidModelConfigException(path(name), value.toString(), "must be a list of whole numbers");
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            out.add(checkedAt(path(name) + "[" + i + "]", value.get(i), min, max));
        }
        return out;
    }

    /**
     * A list of layer indices, as a set (a repeated index counts once): at most {@code layers}
     * entries, each from 0 to {@code layers - 1}; empty when absent. Bounded before it is read, so
     * that a list longer than the model costs nothing.
     */
    Set<Integer> layerIndices(String name, int layers) {
        if (!has(name)) {
            return Set.of();
        }
        JsonNode value = config.get(name);
        if (!value.isArray()) {
            throw new InvalidModelConfigException(path(name), value.toString(), "must be a list of layer indices");
        }
        if (value.size() > layers) {
            throw new InvalidModelConfigException(
                    path(name),
                    value.size() + " entries",
                    "must list at most one index per layer: at most " + layers + " (num_hidden_layers)");
        }
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < value.size(); i++) {
            out.add(checkedAt(path(name) + "[" + i + "]", value.get(i), 0, layers - 1));
        }
        return out;
    }

    ConfigFields object(String name) {
        JsonNode value = config.get(name);
        if (value == null || !value.isObject()) {
            throw new InvalidModelConfigException(
                    path(name), value == null ? null : value.toString(), "must be an object");
        }
        return new ConfigFields(value, path(name));
    }

    private int checked(String name, JsonNode value, int min, int max) {
        return checkedAt(path(name), value, min, max);
    }

    private static int checkedAt(String field, JsonNode value, int min, int max) {
        if (!value.isNumber() || !value.canConvertToExactIntegral()) {
            throw new InvalidModelConfigException(
                    field, value.toString(), "must be a whole number from " + min + " to " + max);
        }
        if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw new InvalidModelConfigException(field, value.numberValue(), "must be from " + min + " to " + max);
        }
        return (int) value.longValue();
    }
}
