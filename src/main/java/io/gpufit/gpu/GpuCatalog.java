package io.gpufit.gpu;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The GPUs the service knows, looked up by id or by a short name such as {@code H100}. */
public final class GpuCatalog {

    private final Map<String, GpuProfile> byId = new LinkedHashMap<>();
    /** The catalog is immutable: every name's comparable key is worked out once, not per request. */
    private final Map<String, GpuProfile> byIdKey = new LinkedHashMap<>();

    private final Map<String, List<GpuProfile>> byOtherNameKey = new LinkedHashMap<>();

    public GpuCatalog(Collection<GpuProfile> profiles) {
        for (GpuProfile profile : profiles) {
            if (byId.putIfAbsent(profile.id(), profile) != null) {
                throw new IllegalArgumentException("GPU id '" + profile.id() + "' appears twice in the catalog");
            }
            byIdKey.putIfAbsent(key(profile.id()), profile);
            for (String name : otherNames(profile)) {
                List<GpuProfile> answering = byOtherNameKey.computeIfAbsent(key(name), k -> new ArrayList<>());
                if (!answering.contains(profile)) {
                    answering.add(profile);
                }
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
     * Every profile a user may mean by {@code name}: the one whose id matches, else all whose
     * alias, product name or display name matches. Matching ignores case, separators (spaces,
     * dashes, underscores) and vendor words ({@link #VENDOR_WORDS}), so {@code "NVIDIA H100 80GB
     * HBM3"} (nvidia-smi), {@code "NVIDIA-H100-80GB-HBM3"} (GPU Feature Discovery) and
     * {@code "h100 80gb hbm3"} are one name. Empty when unknown; several when ambiguous.
     */
    public List<GpuProfile> resolve(String name) {
        String wanted = key(name);
        if (wanted.isEmpty()) {
            return List.of();
        }
        GpuProfile byItsId = byIdKey.get(wanted);
        if (byItsId != null) {
            return List.of(byItsId);
        }
        return List.copyOf(byOtherNameKey.getOrDefault(wanted, List.of()));
    }

    /** Every profile's id with the names it answers to (id, aliases, product names, display name). */
    public Map<String, List<String>> namesById() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (GpuProfile profile : byId.values()) {
            List<String> all = new ArrayList<>();
            all.add(profile.id());
            all.addAll(otherNames(profile));
            names.put(profile.id(), List.copyOf(all));
        }
        return names;
    }

    private static List<String> otherNames(GpuProfile profile) {
        List<String> names = new ArrayList<>(profile.aliases());
        names.addAll(profile.productNames());
        names.add(profile.name());
        return names;
    }

    /** The single profile {@code name} stands for, if it stands for exactly one. */
    public Optional<GpuProfile> find(String name) {
        List<GpuProfile> matches = resolve(name);
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** Words that name a vendor or a product line rather than the GPU; left out when names are compared. */
    static final Set<String> VENDOR_WORDS = Set.of("nvidia", "tesla", "geforce", "amd", "instinct");

    /**
     * The comparable form of a GPU name: lower case, vendor words dropped, separators removed;
     * {@code "NVIDIA-A100-SXM4-80GB"} becomes {@code "a100sxm480gb"}. A name with a control
     * character other than whitespace ({@code "h100\u0000"}) names no GPU: its key is empty.
     */
    public static String key(String name) {
        if (name == null || name.chars().anyMatch(c -> Character.isISOControl(c) && !Character.isWhitespace(c))) {
            return "";
        }
        StringBuilder key = new StringBuilder();
        for (String word : name.trim().toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!VENDOR_WORDS.contains(word)) {
                key.append(word);
            }
        }
        return key.toString();
    }
}
