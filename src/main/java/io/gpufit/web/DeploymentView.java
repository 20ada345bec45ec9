package io.gpufit.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gpufit.deploy.Deployment;
import io.gpufit.deploy.PodResources;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

@Schema(
        description = "How to run this placement: the vLLM arguments and the pod spec's GPU resources and node "
                + "selector. With engine, the arguments reproduce the modelled budget (the settings it used, "
                + "defaults pinned). Without engine, they keep vLLM inside the textbook estimate: --max-model-len = "
                + "sequenceLength, --max-num-seqs = batchSize, and --gpu-memory-utilization = (requiredBytesPerGpu + "
                + "resolved.minHeadroomBytes) / usableMemoryBytes, what the estimate occupies on each GPU with the "
                + "headroom it keeps for the runtime, rounded UP to two decimals so that vLLM gets at least that "
                + "much, but never above memoryUtilization (a placement that does not fit gets memoryUtilization).")
record DeploymentView(
        @Schema(
                description = "vLLM command-line arguments, one --flag=value each, in this order: "
                        + "--tensor-parallel-size, --pipeline-parallel-size, --max-model-len, --gpu-memory-utilization, "
                        + "--max-num-seqs, then with engine --max-num-batched-tokens and --block-size (when not 16); "
                        + "--dtype when the model must compute in another type than vLLM's auto picks (fp32 weights, "
                        + "or bf16 weights of a float16 checkpoint); --kv-cache-dtype (fp8, bfloat16) when the KV cache "
                        + "is not kept in that type; --quantization=fp8 for engine.quantization, or without engine for "
                        + "fp8 weights of a checkpoint that is not quantized. Append them to vllm serve <model>.",
                example = "[\"--tensor-parallel-size=1\", \"--pipeline-parallel-size=1\", \"--max-model-len=256\", "
                        + "\"--gpu-memory-utilization=0.3\", \"--max-num-seqs=4\"]")
        List<String> engineArgs,

        @Schema(
                description = "The pod spec fragment; null when the GPU's Kubernetes resource is unknown (a catalog "
                        + "profile of another vendor).")
        @Nullable
        KubernetesView kubernetes,

        @Schema(
                description =
                        "What the arguments cannot say: a weight or KV cache format vLLM has no argument for, "
                                + "a max-model-len past the model's context, how a MIG slice must be set up. Empty when nothing.",
                example = "[]")
        List<String> notes) {

    static DeploymentView of(Deployment deployment) {
        return deployment == null
                ? null
                : new DeploymentView(
                        deployment.engineArgs(), KubernetesView.of(deployment.kubernetes()), deployment.notes());
    }

    @Schema(description = "The parts of a pod spec that place it on the GPUs.")
    record KubernetesView(
            @Schema(description = "The container's resources.")
            ResourcesView resources,

            @Schema(
                    description = "The pod's nodeSelector: NVIDIA GPU Feature Discovery's nvidia.com/gpu.product label "
                            + "(the driver's device name, spaces as dashes, exact case), AMD's amd.com/gpu.product-name "
                            + "where the catalog has a confirmed value. Absent when it has none for the GPU. A MIG slice "
                            + "keeps the whole GPU's product label (the mixed strategy).",
                    example = "{\"nvidia.com/gpu.product\": \"NVIDIA-A100-SXM4-80GB\"}")
            @JsonInclude(JsonInclude.Include.NON_EMPTY)
            Map<String, String> nodeSelector) {

        static KubernetesView of(PodResources pod) {
            return pod == null ? null : new KubernetesView(new ResourcesView(pod.limits()), pod.nodeSelector());
        }
    }

    @Schema(description = "A container's resources.")
    record ResourcesView(
            @Schema(
                    description = "The GPUs to ask for: nvidia.com/gpu or amd.com/gpu (AMD's plugin counts an MI250X's "
                            + "two dies as two) x the placement's count, or 1 of a MIG profile's resource under NVIDIA's "
                            + "mixed strategy (nvidia.com/mig-1g.10gb; +me becomes .me).",
                    example = "{\"nvidia.com/mig-1g.10gb\": 1}")
            Map<String, Integer> limits) {}
}
