package io.gpufit.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The models the service knows by id, each read from its shipped {@code config.json}. */
public final class ModelCatalog {

    private final Map<String, ModelArchitecture> byId = new LinkedHashMap<>();

    public ModelCatalog(Collection<ModelArchitecture> models) {
        for (ModelArchitecture model : models) {
            if (model.modelId() == null) {
                throw new IllegalArgumentException("a catalog model needs _name_or_path (its id)");
            }
            if (byId.putIfAbsent(key(model.modelId()), model) != null) {
                throw new IllegalArgumentException("model '" + model.modelId() + "' appears twice in the catalog");
            }
        }
    }

    public List<ModelArchitecture> all() {
        return List.copyOf(byId.values());
    }

    public List<String> ids() {
        return byId.values().stream().map(ModelArchitecture::modelId).toList();
    }

    /** Case-insensitive: {@code meta-llama/llama-3.1-8b} finds {@code meta-llama/Llama-3.1-8B}. */
    public Optional<ModelArchitecture> find(String id) {
        return Optional.ofNullable(byId.get(key(id)));
    }

    private static String key(String id) {
        return id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    }
}
