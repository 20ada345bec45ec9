package io.gpufit.gpu;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Multi-Instance GPU (MIG) profile of a GPU: a slice with its own memory and streaming
 * multiprocessors, as NVIDIA's MIG user guide lists them. Facts come from the catalog file; see
 * {@code gpus.yaml} for their sources.
 *
 * @param name            the profile as {@code nvidia-smi mig -lgip} prints it, e.g. {@code 1g.10gb} or
 *                        {@code 1g.10gb+me} (with the media extensions)
 * @param memoryBytes     memory usable in the slice: the figure a driver reports for it, in bytes
 * @param memoryFraction  the GPU's memory slices it holds, {@code n/d} (e.g. {@code 1/8}); sets its share of
 *                        the memory bandwidth
 * @param computeFraction the GPU's compute slices (SMs) it holds, {@code n/d} (e.g. {@code 1/7})
 * @param maxInstances    how many of this profile one GPU holds at once
 * @param mediaExtensions whether it carries the GPU's media engines (NVDEC, NVJPG, OFA): the {@code +me} profiles
 */
public record MigProfile(
        String name,
        long memoryBytes,
        String memoryFraction,
        String computeFraction,
        int maxInstances,
        boolean mediaExtensions) {

    private static final Pattern NAME = Pattern.compile("[1-9]g\\.[1-9][0-9]*gb(\\+me)?");
    private static final Pattern FRACTION = Pattern.compile("([1-9][0-9]?)/([1-9][0-9]?)");

    public MigProfile {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "MIG profile name '" + name + "' must read like 1g.10gb or 1g.10gb+me (nvidia-smi mig -lgip)");
        }
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("memoryBytes of MIG profile " + name + " must be positive");
        }
        share(memoryFraction, "memoryFraction of MIG profile " + name);
        share(computeFraction, "computeFraction of MIG profile " + name);
        if (maxInstances < 1) {
            throw new IllegalArgumentException("maxInstances of MIG profile " + name + " must be at least 1");
        }
        if (mediaExtensions != name.endsWith("+me")) {
            throw new IllegalArgumentException(
                    "mediaExtensions of MIG profile " + name + " must be true exactly when the name ends with +me");
        }
    }

    /** Whether the slice is the whole GPU (all its memory and SMs, e.g. {@code 7g.80gb}). */
    public boolean wholeGpu() {
        return memoryShare().compareTo(BigDecimal.ONE) == 0 && computeShare().compareTo(BigDecimal.ONE) == 0;
    }

    /** The memory fraction as a number, e.g. 0.125 for {@code 1/8}. */
    public BigDecimal memoryShare() {
        return share(memoryFraction, "memoryFraction");
    }

    /** The compute fraction as a number, e.g. 0.1428571428571429 for {@code 1/7} (16 significant digits). */
    public BigDecimal computeShare() {
        return share(computeFraction, "computeFraction");
    }

    /**
     * The Kubernetes extended resource NVIDIA's device plugin advertises for this profile under its
     * {@code mixed} MIG strategy: {@code nvidia.com/mig-1g.10gb}; a {@code +} becomes {@code .}
     * ({@code nvidia.com/mig-1g.10gb.me}).
     */
    public String kubernetesResource() {
        return "nvidia.com/mig-" + name.replace('+', '.');
    }

    /** The slice's part of a whole-GPU quantity by its memory fraction (bandwidth): {@code whole x n / d}, rounded once. */
    public BigDecimal memoryPart(BigDecimal whole) {
        return part(whole, memoryFraction);
    }

    /** The slice's part of a whole-GPU quantity by its SM fraction (FLOPS): {@code whole x n / d}, rounded once. */
    public BigDecimal computePart(BigDecimal whole) {
        return part(whole, computeFraction);
    }

    private static BigDecimal part(BigDecimal whole, String fraction) {
        Matcher matcher = FRACTION.matcher(fraction);
        if (!matcher.matches()) {
            throw new IllegalStateException("checked in the constructor: " + fraction);
        }
        return whole.multiply(new BigDecimal(matcher.group(1)))
                .divide(new BigDecimal(matcher.group(2)), MathContext.DECIMAL64);
    }

    /** {@code n/d} with 0 < n <= d, as a number; a bad fraction is an IllegalArgumentException naming {@code what}. */
    private static BigDecimal share(String fraction, String what) {
        Matcher matcher = FRACTION.matcher(fraction == null ? "" : fraction);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(what + " '" + fraction + "' must be a fraction n/d, e.g. 1/8");
        }
        int numerator = Integer.parseInt(matcher.group(1));
        int denominator = Integer.parseInt(matcher.group(2));
        if (numerator > denominator) {
            throw new IllegalArgumentException(what + " '" + fraction + "' must be at most 1");
        }
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), MathContext.DECIMAL64);
    }
}
