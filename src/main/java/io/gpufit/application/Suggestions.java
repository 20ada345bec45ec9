package io.gpufit.application;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The closest known names to one that is not known, for "did you mean ...?" answers: by edit
 * distance (insertions, deletions, substitutions and swaps of two neighbours, each counting 1) on
 * normalised names. Used for formats, model ids and GPU names alike.
 */
public final class Suggestions {

    /** At most this many suggestions are offered. */
    static final int LIMIT = 3;

    private Suggestions() {}

    /**
     * The keys whose names come closest to {@code wanted}, best first, at most {@link #LIMIT}:
     * those within an edit distance of a third of the longer name (at least 1), or whose name
     * contains the wanted one or is contained in it. Ties keep the order of {@code namesByKey}.
     *
     * @param namesByKey each key with the names it answers to (its own id among them)
     * @param normalise  how names are compared (case, separators, prefixes)
     */
    public static List<String> closest(
            String wanted, Map<String, ? extends Collection<String>> namesByKey, Function<String, String> normalise) {
        String target = normalise.apply(wanted == null ? "" : wanted);
        if (target.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> scores = new LinkedHashMap<>();
        namesByKey.forEach((key, names) -> {
            int best = Integer.MAX_VALUE;
            for (String name : names) {
                String candidate = normalise.apply(name);
                if (candidate.isEmpty()) {
                    continue;
                }
                int score = score(target, candidate);
                best = Math.min(best, score);
            }
            if (best != Integer.MAX_VALUE) {
                scores.put(key, best);
            }
        });
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(scores.entrySet());
        ranked.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        return ranked.stream().limit(LIMIT).map(Map.Entry::getKey).toList();
    }

    /** {@link #closest(String, Map, Function)} for keys that are their only name, compared ignoring case. */
    public static List<String> closest(String wanted, Collection<String> names) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        names.forEach(name -> byKey.put(name, List.of(name)));
        return closest(wanted, byKey, Suggestions::lowerCase);
    }

    /** "did you mean bf16?" or "did you mean a, b or c?"; empty when there is nothing to suggest. */
    public static String didYouMean(List<String> suggestions) {
        if (suggestions.isEmpty()) {
            return "";
        }
        if (suggestions.size() == 1) {
            return "did you mean " + suggestions.get(0) + "?";
        }
        return "did you mean " + String.join(", ", suggestions.subList(0, suggestions.size() - 1)) + " or "
                + suggestions.get(suggestions.size() - 1) + "?";
    }

    static String lowerCase(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** The distance, or {@link Integer#MAX_VALUE} when too far to suggest; containment counts as close. */
    static int score(String wanted, String candidate) {
        if (wanted.equals(candidate)) {
            return 0;
        }
        int distance = distance(wanted, candidate);
        int allowed = Math.max(1, Math.max(wanted.length(), candidate.length()) / 3);
        if (distance <= allowed) {
            return distance;
        }
        boolean contains = wanted.length() >= 2 && (candidate.contains(wanted) || wanted.contains(candidate));
        // Containment ranks after every near miss, the shorter difference first.
        return contains ? allowed + Math.abs(candidate.length() - wanted.length()) : Integer.MAX_VALUE;
    }

    /** Optimal string alignment distance: Levenshtein plus swaps of two adjacent characters. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }
}
