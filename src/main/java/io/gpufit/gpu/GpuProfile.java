package io.gpufit.gpu;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One GPU model as the estimator sees it. Facts come from the catalog file; see {@code gpus.yaml}
 * for their sources.
 *
 * @param aliases            short names users type, e.g. {@code H100}
 * @param productNames       the exact names the driver reports ({@code nvidia-smi}, NVIDIA GPU
 *                           Feature Discovery's {@code nvidia.com/gpu.product}, {@code rocm-smi})
 * @param usableMemoryBytes  memory a process can allocate: the CUDA-reported total where known,
 *                           else the marketed size
 * @param usableMemorySource {@code cuda-reported} or {@code marketed}
 * @param nativeBf16         BF16 arithmetic in hardware (NVIDIA compute capability 8.0+)
 * @param nativeFp8          FP8 arithmetic in hardware (NVIDIA compute capability 8.9+)
 * @param memoryBandwidthGbps peak memory bandwidth in GB/s, positive (the speed estimate divides by it)
 * @param computeCapability  NVIDIA's compute capability ({@code 8.0}) or AMD's architecture ({@code gfx942})
 * @param fp16Tflops         dense FP16 tensor TFLOPS, positive (the speed estimate divides by it)
 * @param tdpWatts           board power; null when unknown
 * @param pricePerHourUsd    approximate on-demand price per GPU-hour; null when unknown
 * @param priceSource        where the price comes from; null when unknown
 * @param kubernetes         how Kubernetes schedules it: the extended resource its device plugin
 *                           advertises and the node labels that select it; absent in a catalog file: the
 *                           vendor's resource ({@link Kubernetes#resourceOf}) and no node labels
 * @param migProfiles        its Multi-Instance GPU profiles, smallest first; empty when it has none (or
 *                           none with a known size)
 */
public record GpuProfile(
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
        Kubernetes kubernetes,
        List<MigProfile> migProfiles) {

    public GpuProfile {
        requireText(id, "id");
        if (!id.matches("[a-z0-9][a-z0-9.-]{0,63}")) {
            throw new IllegalArgumentException(
                    "GPU id '" + id + "' must be lower-case letters, digits, '.' and '-' (at most 64 characters)");
        }
        requireText(name, "name of " + id);
        requireText(vendor, "vendor of " + id);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        productNames = productNames == null ? List.of() : List.copyOf(productNames);
        if (usableMemoryBytes <= 0) {
            throw new IllegalArgumentException("usableMemoryBytes of " + id + " must be positive");
        }
        requireText(usableMemorySource, "usableMemorySource of " + id);
        requireText(computeCapability, "computeCapability of " + id);
        requirePositive(memoryBandwidthGbps, "memoryBandwidthGbps of " + id);
        requirePositive(fp16Tflops, "fp16Tflops of " + id);
        if (pricePerHourUsd != null && pricePerHourUsd.signum() < 0) {
            throw new IllegalArgumentException("pricePerHourUsd of " + id + " must not be negative");
        }
        kubernetes = kubernetes == null
                ? new Kubernetes(Kubernetes.resourceOf(vendor), Map.of())
                : kubernetes.resource() == null ? kubernetes.withResource(Kubernetes.resourceOf(vendor)) : kubernetes;
        migProfiles = migProfiles == null ? List.of() : List.copyOf(migProfiles);
        Set<String> names = new HashSet<>();
        for (MigProfile mig : migProfiles) {
            if (!names.add(mig.name())) {
                throw new IllegalArgumentException("MIG profile " + mig.name() + " of " + id + " appears twice");
            }
            if (mig.memoryBytes() > usableMemoryBytes) {
                throw new IllegalArgumentException("MIG profile " + mig.name() + " of " + id + " has more memory ("
                        + mig.memoryBytes() + " B) than the whole GPU's usableMemoryBytes (" + usableMemoryBytes
                        + " B)");
            }
        }
    }

    /** A profile without Kubernetes labels or MIG profiles: the vendor's resource, no node selector. */
    public GpuProfile(
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
            Integer tdpWatts,
            BigDecimal pricePerHourUsd,
            String priceSource) {
        this(
                id,
                name,
                vendor,
                aliases,
                productNames,
                marketedMemoryGb,
                usableMemoryBytes,
                usableMemorySource,
                memoryBandwidthGbps,
                computeCapability,
                nativeBf16,
                nativeFp8,
                fp16Tflops,
                tdpWatts,
                pricePerHourUsd,
                priceSource,
                null,
                null);
    }

    /** The MIG profile of this name, e.g. {@code 1g.10gb}. */
    public Optional<MigProfile> migProfile(String profileName) {
        return migProfiles.stream().filter(m -> m.name().equals(profileName)).findFirst();
    }

    /**
     * One MIG slice of this GPU as a process in it sees the hardware: the slice's memory, its share
     * of the memory bandwidth (its memory fraction) and of the FP16 compute (its SM fraction). Same
     * id, architecture and Kubernetes labels (NVIDIA's {@code mixed} strategy keeps the whole GPU's
     * product label); no price of its own, no aliases, no slices.
     */
    public GpuProfile slice(MigProfile mig) {
        if (!migProfiles.contains(mig)) {
            throw new IllegalArgumentException("MIG profile " + mig.name() + " is not one of " + id + "'s");
        }
        return new GpuProfile(
                id,
                name + " MIG " + mig.name(),
                vendor,
                List.of(),
                List.of(),
                Integer.parseInt(mig.name().replaceAll("^[0-9]+g\\.([0-9]+)gb.*$", "$1")),
                mig.memoryBytes(),
                "mig-slice",
                mig.memoryPart(memoryBandwidthGbps),
                computeCapability,
                nativeBf16,
                nativeFp8,
                mig.computePart(fp16Tflops),
                null,
                null,
                null,
                kubernetes,
                List.of());
    }

    /**
     * How Kubernetes schedules the GPU.
     *
     * @param resource     the extended resource a pod asks for in {@code resources.limits}, e.g.
     *                     {@code nvidia.com/gpu} (NVIDIA's device plugin) or {@code amd.com/gpu} (AMD's); null
     *                     when not known
     * @param nodeSelector node labels, with their exact values, that select a node with this GPU (NVIDIA GPU
     *                     Feature Discovery's {@code nvidia.com/gpu.product}, AMD's node labeller's
     *                     {@code amd.com/gpu.product-name}); empty when no value is confirmed
     */
    public record Kubernetes(String resource, Map<String, String> nodeSelector) {

        public Kubernetes {
            if (resource != null && resource.isBlank()) {
                throw new IllegalArgumentException("kubernetes.resource must not be blank");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (nodeSelector != null) {
                nodeSelector.forEach((label, value) -> {
                    if (Objects.requireNonNullElse(label, "").isBlank()
                            || Objects.requireNonNullElse(value, "").isBlank()) {
                        throw new IllegalArgumentException(
                                "kubernetes.nodeSelector needs a label and a value, was " + label + ": " + value);
                    }
                    labels.put(label, value);
                });
            }
            nodeSelector = java.util.Collections.unmodifiableMap(labels);
        }

        /** The resource of the vendor's device plugin: {@code nvidia.com/gpu}, {@code amd.com/gpu}; null for others. */
        public static String resourceOf(String vendor) {
            if ("NVIDIA".equalsIgnoreCase(vendor)) {
                return "nvidia.com/gpu";
            }
            return "AMD".equalsIgnoreCase(vendor) ? "amd.com/gpu" : null;
        }

        Kubernetes withResource(String other) {
            return new Kubernetes(other, nodeSelector);
        }
    }

    /** The speed estimate divides by bandwidth and FLOPS: a profile without them cannot be served. */
    private static void requirePositive(BigDecimal value, String what) {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException(what + " is required in every GPU profile and must be positive");
        }
    }

    private static void requireText(String value, String what) {
        if (Objects.requireNonNullElse(value, "").isBlank()) {
            throw new IllegalArgumentException(what + " is required in every GPU profile");
        }
    }
}
