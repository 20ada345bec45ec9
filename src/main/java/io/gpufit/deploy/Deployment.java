package io.gpufit.deploy;

import java.util.List;

/**
 * How to run one placement.
 *
 * @param engineArgs vLLM's command-line arguments, one {@code --flag=value} each, in a fixed order
 * @param kubernetes the pod's GPU resources and node selector; null when the GPU's Kubernetes resource is
 *                   unknown (a catalog profile of another vendor without one)
 * @param notes      what the arguments cannot say (a format vLLM has no flag for, MIG partitioning); empty when
 *                   nothing
 */
public record Deployment(List<String> engineArgs, PodResources kubernetes, List<String> notes) {

    public Deployment {
        engineArgs = List.copyOf(engineArgs);
        notes = List.copyOf(notes);
    }
}
