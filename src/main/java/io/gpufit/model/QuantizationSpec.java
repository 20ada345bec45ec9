package io.gpufit.model;

import java.util.List;

/**
 * A checkpoint's own quantization, read from its {@code quantization_config}.
 *
 * @param method              the config's {@code quant_method}, e.g. {@code gptq}
 * @param format              the weight format it amounts to, as a request's {@code weightDtype},
 *                            e.g. {@code gptq}, {@code fp8_block}, {@code nf4}
 * @param groupSize           quantization group along the input dimension, 0 when not grouped
 * @param unconvertedModules  modules the checkpoint keeps unquantized ({@code modules_to_not_convert},
 *                            {@code ignore}, {@code llm_int8_skip_modules})
 */
public record QuantizationSpec(String method, String format, int groupSize, List<String> unconvertedModules) {

    public QuantizationSpec {
        unconvertedModules = List.copyOf(unconvertedModules);
    }

    /**
     * Whether a tensor group belongs to a module left unquantized. Patterns match whole dotted
     * segments; a layer index in a pattern matches every layer, since groups span all layers.
     */
    public boolean keepsUnquantized(TensorGroup group) {
        for (String module : unconvertedModules) {
            if (matches(group.name(), module)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String tensorName, String modulePattern) {
        String[] name = tensorName.split("\\.");
        String[] pattern = modulePattern.split("\\.");
        for (int start = 0; start + pattern.length <= name.length; start++) {
            boolean all = true;
            for (int i = 0; i < pattern.length && all; i++) {
                String p = pattern[i];
                String n = name[start + i];
                all = p.equals(n)
                        || p.equals("*")
                        || (n.equals("*") && p.chars().allMatch(Character::isDigit));
            }
            if (all) {
                return true;
            }
        }
        return false;
    }
}
