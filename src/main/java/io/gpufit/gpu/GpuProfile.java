package io.gpufit.gpu;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
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
        @Nullable String priceSource) {

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
