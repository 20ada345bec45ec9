package io.gpufit.deploy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of a pod spec that place it on the GPUs: a container's {@code resources.limits} and the pod's
 * {@code nodeSelector}.
 *
 * @param limits       extended resource to count, e.g. {@code nvidia.com/gpu: 2} or {@code nvidia.com/mig-1g.10gb: 1}
 * @param nodeSelector node labels with their exact values; empty when the catalog confirms none for the GPU
 */
public record PodResources(Map<String, Integer> limits, Map<String, String> nodeSelector) {

    public PodResources {
        limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
        nodeSelector = Collections.unmodifiableMap(new LinkedHashMap<>(nodeSelector));
    }
}
