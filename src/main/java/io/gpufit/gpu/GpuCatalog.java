package io.gpufit.gpu;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The GPUs the service knows, looked up by id or by a short name such as {@code H100}. */
public final class GpuCatalog {

    private final Map<String, GpuProfile> byId = new LinkedHashMap<>();

    public GpuCatalog(Collection<GpuProfile> profiles) {
        for (GpuProfile profile : profiles) {
            if (byId.putIfAbsent(profile.id(), profile) != null) {
                throw new IllegalArgumentException("GPU id '" + profile.id() + "' appears twice in the catalog");
            }
        }
        if (byId.isEmpty()) {
            throw new IllegalArgumentException("the GPU catalog is empty");
        }
    }

    public List<GpuProfile> all() {
        return List.copyOf(byId.values());
    }

    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /**
     * Every profile a user may mean by {@code name}: the one whose id matches, else all whose alias
     * matches. Matching ignores case and treats spaces and underscores as hyphens, so
     * {@code "RTX 4090"} finds {@code rtx-4090}. Empty when unknown; several when ambiguous.
     */
    public List<GpuProfile> resolve(String name) {
        String wanted = normalize(name);
        GpuProfile exact = byId.get(wanted);
        if (exact != null) {
            return List.of(exact);
        }
        List<GpuProfile> matches = new ArrayList<>();
        for (GpuProfile profile : byId.values()) {
            if (profile.aliases().stream().map(GpuCatalog::normalize).anyMatch(wanted::equals)) {
                matches.add(profile);
            }
        }
        return matches;
    }

    /** The single profile {@code name} stands for, if it stands for exactly one. */
    public Optional<GpuProfile> find(String name) {
        List<GpuProfile> matches = resolve(name);
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    static String normalize(String name) {
        return name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", "-");
    }
}
