package io.gpufit.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Bounds on the shape of a {@code config.json}, checked in one pass before anything is read from
 * it, so that no config (pasted, fetched from the Hub or shipped) costs more than time linear in its
 * size and bounded memory. Real configs stay far below every limit: they are a few KiB, nest at most
 * five or six levels ({@code quantization_config.config_groups.group_0.weights.num_bits}), and their
 * longest lists have one entry per layer or per module left unquantized.
 *
 * <p>Lists indexed by layer are bounded more tightly by their readers, by {@code num_hidden_layers}.
 */
public final class ConfigLimits {

    /** The deepest nesting of objects and lists: the config object itself is level 1. */
    public static final int MAX_DEPTH = 32;

    /** The most entries in one list. */
    public static final int MAX_LIST_ENTRIES = 65_536;

    /** The longest string, and the longest field name, in characters. */
    public static final int MAX_STRING_LENGTH = 65_536;

    /** The most values in the whole config: every object, list, string, number, boolean and null. */
    public static final int MAX_VALUES = 262_144;

    private ConfigLimits() {}

    /**
     * Checks {@code config} against the limits, visiting each value once, without recursion.
     *
     * @param config the config as given
     * @param path   where it sits in the request, e.g. {@code modelConfig}
     * @throws InvalidModelConfigException naming the first value past a limit
     */
    static void check(JsonNode config, String path) {
        Deque<Entry> pending = new ArrayDeque<>();
        pending.push(new Entry(config, null, path, -1, 1));
        long values = 1;
        while (!pending.isEmpty()) {
            Entry entry = pending.pop();
            JsonNode node = entry.node();
            if (node.isString() && node.stringValue().length() > MAX_STRING_LENGTH) {
                throw new InvalidModelConfigException(
                        entry.path(),
                        "a string of " + grouped(node.stringValue().length()) + " characters",
                        "a config.json string may have at most " + grouped(MAX_STRING_LENGTH) + " characters");
            }
            if (!node.isContainer()) {
                continue;
            }
            if (entry.depth() > MAX_DEPTH) {
                throw new InvalidModelConfigException(
                        entry.path(),
                        null,
                        "nests too deep: a config.json may nest objects and lists at most " + MAX_DEPTH
                                + " levels deep");
            }
            if (node.isArray() && node.size() > MAX_LIST_ENTRIES) {
                throw new InvalidModelConfigException(
                        entry.path(),
                        grouped(node.size()) + " entries",
                        "a config.json list may have at most " + grouped(MAX_LIST_ENTRIES) + " entries");
            }
            values += node.size();
            if (values > MAX_VALUES) {
                throw new InvalidModelConfigException(
                        path,
                        "more than " + grouped(MAX_VALUES) + " values",
                        "a config.json may hold at most " + grouped(MAX_VALUES)
                                + " values (objects, lists, strings, numbers, booleans, nulls); real ones hold a few"
                                + " hundred");
            }
            if (node.isArray()) {
                for (int i = node.size() - 1; i >= 0; i--) {
                    pending.push(new Entry(node.get(i), entry, null, i, entry.depth() + 1));
                }
                continue;
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                if (name.length() > MAX_STRING_LENGTH) {
                    throw new InvalidModelConfigException(
                            entry.path(),
                            "a field name of " + grouped(name.length()) + " characters",
                            "a config.json field name may have at most " + grouped(MAX_STRING_LENGTH) + " characters");
                }
                pending.push(new Entry(field.getValue(), entry, name, -1, entry.depth() + 1));
            }
        }
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * A value still to visit: the config itself (no parent, {@code name} its path), a field of an
     * object ({@code name}) or an entry of a list ({@code index}). Its path is written only for an
     * error, so that visiting stays linear in the config's size.
     */
    private record Entry(JsonNode node, Entry parent, String name, int index, int depth) {

        String path() {
            if (parent == null) {
                return name;
            }
            return parent.path() + (name == null ? "[" + index + "]" : "." + name);
        }
    }
}
