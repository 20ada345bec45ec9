package io.gpufit.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every weight tensor of a model, grouped. Its sum is the exact parameter count: the figure the
 * published safetensors files give for unquantized checkpoints.
 *
 * @param tensors the model proper
 * @param extraModule tensors of a module that serving engines load only on request, such as
 *                    DeepSeek-V3's multi-token-prediction layer; empty when there is none
 * @param extraModuleName what that module is, or null
 */
public record ParameterInventory(List<TensorGroup> tensors, List<TensorGroup> extraModule, String extraModuleName) {

    public ParameterInventory {
        tensors = List.copyOf(tensors);
        extraModule = List.copyOf(extraModule);
    }

    public long totalParameters() {
        return sum(tensors, false);
    }

    /** Parameters one token goes through: all but the routed experts it is not sent to. */
    public long activeParameters() {
        return sum(tensors, true);
    }

    public long extraModuleParameters() {
        return sum(extraModule, false);
    }

    public Map<WeightPart, Long> parametersByPart() {
        Map<WeightPart, Long> byPart = new EnumMap<>(WeightPart.class);
        for (WeightPart part : WeightPart.values()) {
            byPart.put(part, 0L);
        }
        for (TensorGroup group : tensors) {
            byPart.merge(group.part(), group.parameters(), Math::addExact);
        }
        return byPart;
    }

    private static long sum(List<TensorGroup> groups, boolean activeOnly) {
        long total = 0;
        for (TensorGroup group : groups) {
            total = Math.addExact(total, activeOnly ? group.activeParameters() : group.parameters());
        }
        return total;
    }
}
