package io.gpufit.gpu;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

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
 * @param pricePerHourUsd    approximate on-demand price per GPU-hour; null when unknown
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
        Integer tdpWatts,
        BigDecimal pricePerHourUsd,
        String priceSource) {

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
        if (pricePerHourUsd != null && pricePerHourUsd.signum() < 0) {
            throw new IllegalArgumentException("pricePerHourUsd of " + id + " must not be negative");
        }
    }

    private static void requireText(String value, String what) {
        if (Objects.requireNonNullElse(value, "").isBlank()) {
            throw new IllegalArgumentException(what + " is required in every GPU profile");
        }
    }
}
