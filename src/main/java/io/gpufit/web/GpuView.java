package io.gpufit.web;

import io.gpufit.gpu.GpuProfile;
import io.gpufit.gpu.MigProfile;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A GPU profile as GET /gpus answers it: the catalog's fields, in the catalog's order. */
@Schema(name = "GpuProfile", description = "One GPU of the catalog (gpus.yaml), with the sources of its figures there.")
record GpuView(
        String id,
        String name,
        String vendor,
        List<String> aliases,
        List<String> productNames,
        int marketedMemoryGb,
        long usableMemoryBytes,
        String usableMemorySource,
        BigDecimal memoryBandwidthGbps,
        String computeCapability,
        boolean nativeBf16,
        boolean nativeFp8,
        BigDecimal fp16Tflops,
        @Nullable Integer tdpWatts,
        @Nullable BigDecimal pricePerHourUsd,
        @Nullable String priceSource,

        @Schema(description = "How Kubernetes schedules this GPU.")
        KubernetesView kubernetes,

        @Schema(
                description =
                        "Its Multi-Instance GPU profiles (NVIDIA's MIG user guide), smallest first; empty when "
                                + "it has none, or none whose size a driver was seen to report. allowMig makes them candidates.")
        List<MigView> migProfiles) {

    static GpuView of(GpuProfile gpu) {
        return new GpuView(
                gpu.id(),
                gpu.name(),
                gpu.vendor(),
                gpu.aliases(),
                gpu.productNames(),
                gpu.marketedMemoryGb(),
                gpu.usableMemoryBytes(),
                gpu.usableMemorySource(),
                gpu.memoryBandwidthGbps(),
                gpu.computeCapability(),
                gpu.nativeBf16(),
                gpu.nativeFp8(),
                gpu.fp16Tflops(),
                gpu.tdpWatts(),
                gpu.pricePerHourUsd(),
                gpu.priceSource(),
                new KubernetesView(gpu.kubernetes().resource(), gpu.kubernetes().nodeSelector()),
                gpu.migProfiles().stream().map(MigView::of).toList());
    }

    @Schema(name = "GpuKubernetes", description = "How Kubernetes schedules the GPU.")
    record KubernetesView(
            @Schema(
                    description = "The extended resource its device plugin advertises, asked for in a container's "
                            + "resources.limits; null when unknown.",
                    example = "nvidia.com/gpu")
            @Nullable
            String resource,

            @Schema(
                    description = "Node labels with their exact (case-sensitive) values that select a node with this "
                            + "GPU: NVIDIA GPU Feature Discovery's nvidia.com/gpu.product, AMD's node labeller's "
                            + "amd.com/gpu.product-name. Empty when no public source confirms a value. Time-slicing or "
                            + "MPS append -SHARED, MIG's single strategy -MIG-<profile>.",
                    example = "{\"nvidia.com/gpu.product\": \"NVIDIA-A100-SXM4-80GB\"}")
            Map<String, String> nodeSelector) {}

    @Schema(name = "MigProfile", description = "One MIG profile: a slice with its own memory and SMs.")
    record MigView(
            @Schema(
                    description = "As nvidia-smi mig -lgip prints it; +me carries the media engines.",
                    example = "1g.10gb")
            String name,

            @Schema(
                    description = "Memory usable in the slice: what a driver reports for it (exact MiB where seen, "
                            + "else nvidia-smi mig -lgip's GiB), in bytes.",
                    example = "10200547328")
            long memoryBytes,

            @Schema(description = "Its share of the GPU's memory slices, as n/8.", example = "1/8")
            String memoryFraction,

            @Schema(description = "Its share of the GPU's SMs, as n/7.", example = "1/7")
            String computeFraction,

            @Schema(description = "How many of this profile one GPU holds at once.", example = "7")
            int maxInstances,

            @Schema(description = "Whether it has the media engines (the +me profiles).", example = "false")
            boolean mediaExtensions,

            @Schema(
                    description = "The resource a pod asks for under NVIDIA's device plugin's mixed MIG strategy.",
                    example = "nvidia.com/mig-1g.10gb")
            String kubernetesResource) {

        static MigView of(MigProfile mig) {
            return new MigView(
                    mig.name(),
                    mig.memoryBytes(),
                    mig.memoryFraction(),
                    mig.computeFraction(),
                    mig.maxInstances(),
                    mig.mediaExtensions(),
                    mig.kubernetesResource());
        }
    }
}
