package io.gpufit.serving;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What one vLLM release line does with memory at startup, as far as it differs between releases:
 * its defaults and the constants calibrated on its startup logs. One resource file per release
 * ({@code src/main/resources/vllm/*.json}) holds them, each constant with the measured deployments it
 * was fitted on.
 *
 * @param about                         what sets the release line apart, and where its figures come from
 * @param version                       the profile's name, e.g. {@code 0.19}
 * @param firstMinor                    the first 0.N release the profile describes
 * @param lastMinor                     the last 0.N release it describes
 * @param defaultGpuMemoryUtilization   {@code --gpu-memory-utilization} when not set
 * @param nonTorchSingleGpuBytes        non-torch memory the profiling run adds on one GPU (CUDA context growth)
 * @param nonTorchTensorParallelBytes   the same with tensor parallelism 2 (NCCL and custom all-reduce buffers)
 * @param nonTorchPerExtraRankBytes     what each tensor-parallel rank beyond 2 adds to it
 * @param nonTorchPipelineOnlyBytes     the same with pipeline parallelism only (NCCL set up before the baseline)
 * @param samplerBytesPerLogit          bytes the dummy sampler run holds at its peak per logit
 *                                      ({@code max_num_seqs x vocab} of them) with 16-bit activations
 * @param samplerScratchRows            rows of vocab-wide fp32 scratch the top-k/top-p kernel keeps (0 if none)
 * @param moeChunkTokens                tokens the fused-MoE kernel processes at once, 0 when not chunked
 * @param profilingWorkspaceBytes       what the profiling run allocates beside the modelled tensors
 *                                      (cuBLAS workspaces, small sampler tensors)
 * @param cudaGraphReserveBytes         CUDA-graph memory reserved before the KV cache, 0 when not reserved
 * @param fittedOn                      for each calibrated constant, the deployments it was fitted on
 */
public record VllmProfile(
        String about,
        String version,
        int firstMinor,
        int lastMinor,
        BigDecimal defaultGpuMemoryUtilization,
        long nonTorchSingleGpuBytes,
        long nonTorchTensorParallelBytes,
        long nonTorchPerExtraRankBytes,
        long nonTorchPipelineOnlyBytes,
        BigDecimal samplerBytesPerLogit,
        int samplerScratchRows,
        int moeChunkTokens,
        long profilingWorkspaceBytes,
        long cudaGraphReserveBytes,
        List<FittedConstant> fittedOn) {

    public VllmProfile {
        Objects.requireNonNull(version, "version");
        if (firstMinor > lastMinor) {
            throw new IllegalArgumentException("profile " + version + ": firstMinor after lastMinor");
        }
        fittedOn = List.copyOf(fittedOn);
    }

    /** Whether a release 0.minor is described by this profile. */
    public boolean covers(int minor) {
        return minor >= firstMinor && minor <= lastMinor;
    }

    /** The releases covered, e.g. {@code 0.19-0.20}, {@code 0.21+}. */
    public String releases() {
        if (lastMinor >= VllmProfiles.LAST_MINOR) {
            return "0." + firstMinor + "+";
        }
        return firstMinor == lastMinor ? "0." + firstMinor : "0." + firstMinor + "-0." + lastMinor;
    }

    /**
     * A calibrated constant and where its value comes from.
     *
     * @param constant the field, e.g. {@code samplerTemporaryBytesPerLogit}
     * @param points   the measured deployments (model, settings, log source) it was fitted on
     * @param how      how the value follows from them
     */
    public record FittedConstant(String constant, List<String> points, String how) {

        public FittedConstant {
            points = List.copyOf(points);
        }
    }
}
