package io.gpufit.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a config's {@code quantization_config} into the weight format it amounts to. Key names
 * follow the Hugging Face transformers quantizer configs ({@code utils/quantization_config.py}).
 */
final class QuantizationConfigReader {

    private QuantizationConfigReader() {}

    /** The checkpoint's quantization, or null when the config has none. */
    static QuantizationSpec read(ConfigFields config) {
        if (!config.has("quantization_config")) {
            return null;
        }
        ConfigFields q = config.object("quantization_config");
        String method = q.text("quant_method")
                .map(m -> m.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new InvalidModelConfigException(
                        q.path("quant_method"),
                        null,
                        "is required; supported: gptq, awq, fp8, compressed-tensors, mxfp4, bitsandbytes"));
        return switch (method) {
            case "gptq" -> grouped(q, method, "gptq", "bits", "group_size");
            case "awq" -> grouped(q, method, "awq", "bits", "group_size");
            case "fp8" -> fp8(q);
            case "mxfp4" -> new QuantizationSpec(method, "mxfp4", 32, unconverted(q));
            case "bitsandbytes" -> bitsAndBytes(q);
            case "compressed-tensors" -> compressedTensors(q);
            default ->
                throw new InvalidModelConfigException(
                        q.path("quant_method"),
                        method,
                        "unsupported; supported: gptq, awq, fp8, compressed-tensors, mxfp4, bitsandbytes");
        };
    }

    private static QuantizationSpec grouped(
            ConfigFields q, String method, String format, String bitsKey, String groupKey) {
        int bits = q.has(bitsKey) ? q.positive(8, bitsKey) : q.optional("w_bit", 1, 8, 4);
        if (bits != 4) {
            throw new InvalidModelConfigException(q.path(bitsKey), bits, "only 4-bit " + method + " is supported");
        }
        Integer group = q.has(groupKey) ? q.optional(groupKey, -1, 1 << 20) : q.optional("q_group_size", -1, 1 << 20);
        int groupSize = group == null ? 128 : group;
        if (groupSize == 0) {
            throw new InvalidModelConfigException(q.path(groupKey), 0, "must be -1 (per channel) or a positive size");
        }
        return new QuantizationSpec(method, format, groupSize, unconverted(q));
    }

    private static QuantizationSpec fp8(ConfigFields q) {
        List<Integer> block = q.integers("weight_block_size", 1, 1 << 20);
        if (block.isEmpty()) {
            return new QuantizationSpec("fp8", "fp8", 0, unconverted(q));
        }
        if (block.size() != 2 || !block.get(0).equals(128) || !block.get(1).equals(128)) {
            throw new InvalidModelConfigException(
                    q.path("weight_block_size"), block.toString(), "only [128, 128] blocks are supported");
        }
        return new QuantizationSpec("fp8", "fp8_block", 128, unconverted(q));
    }

    private static QuantizationSpec bitsAndBytes(ConfigFields q) {
        if (q.flag("load_in_4bit", false)) {
            String type = q.text("bnb_4bit_quant_type").orElse("fp4");
            if (!type.equals("nf4") && !type.equals("fp4")) {
                throw new InvalidModelConfigException(q.path("bnb_4bit_quant_type"), type, "must be nf4 or fp4");
            }
            // fp4 and nf4 store alike: 4-bit codes plus an absmax per block of 64.
            String format = q.flag("bnb_4bit_use_double_quant", false) ? "nf4_double" : "nf4";
            return new QuantizationSpec("bitsandbytes", format, 64, unconverted(q));
        }
        if (q.flag("load_in_8bit", false)) {
            return new QuantizationSpec("bitsandbytes", "int8", 0, unconverted(q));
        }
        throw new InvalidModelConfigException(
                q.path("load_in_4bit"), null, "bitsandbytes needs load_in_4bit or load_in_8bit");
    }

    /**
     * compressed-tensors (llm-compressor, vLLM): the first config group's weight scheme. FP8 maps to
     * fp8; 4-bit integer groups to gptq's storage (packed int32, scales per group).
     */
    private static QuantizationSpec compressedTensors(ConfigFields q) {
        ConfigFields groups = q.object("config_groups");
        var names = groups.node().propertyNames();
        if (names.isEmpty()) {
            throw new InvalidModelConfigException(groups.path("*"), null, "needs at least one group");
        }
        ConfigFields group = groups.object(names.iterator().next());
        ConfigFields weights = group.object("weights");
        int bits = weights.positive(32, "num_bits");
        String type = weights.text("type").orElse("int");
        if (type.equals("float") && bits == 8) {
            return new QuantizationSpec("compressed-tensors", "fp8", 0, ignored(q));
        }
        if (type.equals("int") && bits == 4) {
            Integer groupSize = weights.optional("group_size", -1, 1 << 20);
            return new QuantizationSpec("compressed-tensors", "gptq", groupSize == null ? -1 : groupSize, ignored(q));
        }
        if (type.equals("int") && bits == 8) {
            return new QuantizationSpec("compressed-tensors", "int8", 0, ignored(q));
        }
        throw new InvalidModelConfigException(
                weights.path("num_bits"), bits + "-bit " + type, "supported: 8-bit float, 4-bit int, 8-bit int");
    }

    private static List<String> unconverted(ConfigFields q) {
        List<String> modules = new ArrayList<>(q.strings("modules_to_not_convert"));
        modules.addAll(q.strings("llm_int8_skip_modules"));
        modules.addAll(q.strings("ignored_layers"));
        return modules;
    }

    private static List<String> ignored(ConfigFields q) {
        List<String> modules = new ArrayList<>(q.strings("ignore"));
        modules.addAll(unconverted(q));
        // compressed-tensors lists regexes such as "re:.*lm_head"; keep the module name.
        return modules.stream()
                .map(m -> m.startsWith("re:") ? m.substring(3).replace(".*", "") : m)
                .toList();
    }
}
