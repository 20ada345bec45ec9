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

    /**
     * Every model {@code id} may mean: the one with that id (ignoring case), else, for a name
     * without its organisation ({@code Llama-3.1-8B}), every model of that name in any
     * organisation. Empty when none; several when the name is ambiguous.
     */
    public List<ModelArchitecture> resolve(String id) {
        Optional<ModelArchitecture> exact = find(id);
        if (exact.isPresent()) {
            return List.of(exact.get());
        }
        String wanted = key(id);
        if (wanted.isEmpty() || wanted.contains("/")) {
            return List.of();
        }
        return byId.values().stream()
                .filter(m -> key(nameOf(m.modelId())).equals(wanted))
                .toList();
    }

    /** Each id with the names it answers to: itself and its name without the organisation. */
    public Map<String, List<String>> namesById() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        byId.values().forEach(m -> names.put(m.modelId(), List.of(m.modelId(), nameOf(m.modelId()))));
        return names;
    }

    private static String nameOf(String id) {
        return id.substring(id.indexOf('/') + 1);
    }

    private static String key(String id) {
        return id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
    }
}
