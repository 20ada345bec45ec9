package io.gpufit.application;

import io.gpufit.gpu.GpuCatalog;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.plan.Inventory;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** GPUs named by id or short name, resolved against the catalog. */
@Component
public class GpuSelection {

    private final GpuCatalog catalog;

    public GpuSelection(GpuCatalog catalog) {
        this.catalog = catalog;
    }

    /** Every profile, in catalog order. */
    public List<GpuProfile> all() {
        return catalog.all();
    }

    /**
     * The profile {@code name} stands for; empty when it stands for none.
     *
     * @param field where the name was given, to blame when it is ambiguous
     * @throws InvalidInputException when the name matches several profiles
     */
    public Optional<GpuProfile> one(String field, String name) {
        List<GpuProfile> matches = catalog.resolve(name);
        if (matches.size() > 1) {
            throw new InvalidInputException(List.of(unresolved(field, name, matches)));
        }
        return matches.stream().findFirst();
    }

    /**
     * The candidates: the whole catalog when {@code names} is null, else each name's profile once,
     * in the order named. Names that resolve to no profile or to several are reported as
     * {@code gpus[i]}.
     */
    List<GpuProfile> candidates(List<String> names, List<Violation> violations) {
        if (names == null) {
            return catalog.all();
        }
        Set<GpuProfile> chosen = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            List<GpuProfile> matches = catalog.resolve(names.get(i));
            if (matches.size() == 1) {
                chosen.add(matches.get(0));
            } else {
                violations.add(unresolved("gpus[" + i + "]", names.get(i), matches));
            }
        }
        return List.copyOf(chosen);
    }

    /** The most free GPUs of one type an inventory may list. */
    public static final int MAX_FREE_GPUS = 1_000_000;

    /** The longest GPU name an inventory key may be. */
    static final int MAX_NAME_LENGTH = 64;

    /**
     * The inventory: each key (a GPU id or short name, as {@code gpus} takes) resolved to one profile, each
     * count 0 to {@link #MAX_FREE_GPUS}, each GPU named once. Every problem is reported as
     * {@code inventory.<key>}; the inventory is null when there is any.
     */
    Inventory inventory(Map<String, BigInteger> given, List<Violation> violations) {
        Map<String, Integer> free = new LinkedHashMap<>();
        Map<String, String> keyById = new LinkedHashMap<>();
        int before = violations.size();
        for (Map.Entry<String, BigInteger> entry : given.entrySet()) {
            String key = entry.getKey();
            String field = "inventory." + key;
            BigInteger count = entry.getValue();
            if (count == null || count.signum() < 0 || count.compareTo(BigInteger.valueOf(MAX_FREE_GPUS)) > 0) {
                violations.add(new Violation(
                        field,
                        count,
                        "must be the number of free GPUs of this type, a whole number from 0 to "
                                + String.format("%,d", MAX_FREE_GPUS)));
                continue;
            }
            if (key.length() > MAX_NAME_LENGTH) {
                violations.add(new Violation(
                        field, key, "must be a GPU id or short name of at most " + MAX_NAME_LENGTH + " characters"));
                continue;
            }
            List<GpuProfile> matches = catalog.resolve(key);
            if (matches.size() != 1) {
                violations.add(unresolved(field, key, matches));
                continue;
            }
            String id = matches.get(0).id();
            String earlier = keyById.putIfAbsent(id, key);
            if (earlier != null) {
                violations.add(new Violation(
                        field,
                        key,
                        "names the same GPU (" + id + ") as inventory." + earlier + "; give each GPU once"));
                continue;
            }
            free.put(id, count.intValueExact());
        }
        return violations.size() > before ? null : new Inventory(free);
    }

    /** The ids of the profiles closest to an unknown name, best first (at most 3). */
    public List<String> suggestions(String name) {
        return Suggestions.closest(name, catalog.namesById(), GpuCatalog::key);
    }

    /** "unknown GPU; did you mean ...?", or the known ids when none comes close. */
    public String unknown(String name) {
        List<String> close = suggestions(name);
        return close.isEmpty()
                ? "unknown GPU; known ids: " + String.join(", ", catalog.ids())
                : "unknown GPU; " + Suggestions.didYouMean(close) + " (GET /gpus lists all "
                        + catalog.ids().size() + ")";
    }

    /** What is wrong with a GPU name that did not resolve to exactly one profile. */
    private Violation unresolved(String field, String name, List<GpuProfile> matches) {
        return matches.isEmpty()
                ? new Violation(field, name, unknown(name))
                : new Violation(
                        field,
                        name,
                        "ambiguous GPU name; choose one of: "
                                + String.join(
                                        ", ",
                                        matches.stream().map(GpuProfile::id).toList()));
    }
}
