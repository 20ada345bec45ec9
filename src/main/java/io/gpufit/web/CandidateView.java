package io.gpufit.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gpufit.application.Estimation;
import io.gpufit.plan.Candidate;
import io.gpufit.plan.Capacity;
import io.gpufit.plan.Placement;
import io.gpufit.plan.Speed;
import io.gpufit.serving.VllmBudget;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

@Schema(
        description =
                "One GPU type weighed against the estimate, at the fewest GPUs that fit (one GPU when " + "none fits).")
record CandidateView(
        @Schema(description = "GPU id, as in GET /gpus (for a MIG slice, the GPU it is cut from).")
        String gpu,

        @Schema(
                description =
                        "The GPU's name; for a MIG slice with the profile, e.g. NVIDIA A100 SXM4 80GB MIG 1g.10gb.")
        String name,

        @Schema(
                description = "The MIG profile when this row is one slice of the GPU (only with allowMig); absent for "
                        + "whole GPUs.",
                example = "1g.10gb")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        String migProfile,

        @Schema(description = "GPUs in the placement this row reports.")
        int count,

        int tensorParallelSize,
        int pipelineParallelSize,
        long usableMemoryBytes,

        @Schema(
                description = "usableMemoryBytes x memoryUtilization, rounded down (with an engine: x its "
                        + "gpuMemoryUtilization).")
        long budgetBytes,

        @Schema(
                description = "What the busiest GPU needs: its weights and KV cache (with an engine, the engine's "
                        + "whole budget but the KV cache the workload uses).")
        long requiredBytesPerGpu,

        @Schema(description = "false when the GPU cannot run the requested formats (e.g. FP8 below 8.9).")
        boolean compatible,

        @Schema(
                description = "Compatible, and the placement fits: without engine, headroomBytes is at least "
                        + "resolved.minHeadroomBytes; with engine, the engine starts and holds the workload.")
        boolean fits,

        @Schema(
                description = "Whether the inventory's free GPUs of this type cover the placement (a MIG slice takes "
                        + "one whole GPU); absent without inventory.",
                example = "true")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        Boolean inInventory,

        @Schema(description = "budgetBytes - requiredBytesPerGpu; negative when even weights + KV cache do not fit.")
        long headroomBytes,

        @Schema(description = "headroomBytes as a percentage of budgetBytes.")
        BigDecimal headroomPercent,

        @Schema(description = "The placement's price per hour (count x per GPU); null when unknown.") @Nullable
        BigDecimal pricePerHourUsd,

        @Schema(description = "Why it does not fit or is not compatible; null when it fits.") @Nullable
        String reason,

        @Schema(description = "A caveat that does not exclude it; null when none.") @Nullable
        String warning,

        @Schema(
                description = "Every placement tried: 1, 2, 4, 8 GPUs (or the engine's TP x PP). Absent with "
                        + "view=summary.")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        List<PlacementView> tried,

        @Schema(description = "The engine's budget on each GPU; null without an engine or when invalid.") @Nullable
        ServingView serving,

        @Schema(description = "The load this placement can take; null when invalid.") @Nullable
        CapacityView capacity,

        @Schema(
                description = "Roofline speeds, upper bounds; null when invalid. A MIG slice has its memory fraction "
                        + "of the GPU's bandwidth and its SM fraction of the compute.")
        @Nullable
        SpeedView speed,

        @Schema(description = "How to run this placement; null when it is invalid.") @Nullable
        DeploymentView deployment) {

    static CandidateView of(Candidate c, Estimation estimation, ResponseView view) {
        var p = c.placement();
        var inventory = estimation.plan().inventory();
        return new CandidateView(
                c.gpu().id(),
                c.gpu().name(),
                c.migSlice() ? c.mig().name() : null,
                c.count(),
                p.parallelism().tp(),
                p.parallelism().pp(),
                c.gpu().usableMemoryBytes(),
                c.budgetBytes(),
                c.requiredBytes(),
                c.compatible(),
                c.fits(),
                inventory == null ? null : inventory.inventory().holds(c),
                c.headroomBytes(),
                c.headroomPercent(),
                c.pricePerHourUsd(),
                c.reason(),
                c.warning(),
                view.summary()
                        ? null
                        : c.tried().stream().map(PlacementView::of).toList(),
                p.budget() instanceof VllmBudget serving ? ServingView.of(serving, view) : null,
                c.capacity() == null ? null : CapacityView.of(c.capacity()),
                c.speed() == null ? null : SpeedView.of(c.speed()),
                DeploymentView.of(estimation.deployment(c)));
    }

    @Schema(description = "One placement tried.")
    record PlacementView(
            int count,
            int tensorParallelSize,
            int pipelineParallelSize,

            @Schema(description = "false when the TP/PP sizes cannot split the model.")
            boolean valid,

            @Schema(description = "Per GPU; 0 when invalid.")
            long requiredBytesPerGpu,

            boolean fits,

            @Schema(description = "Why it is invalid or does not fit; null when it fits.") @Nullable
            String reason) {

        static PlacementView of(Placement p) {
            return new PlacementView(
                    p.gpus(),
                    p.parallelism().tp(),
                    p.parallelism().pp(),
                    p.valid(),
                    p.requiredBytes(),
                    p.fits(),
                    p.reason());
        }
    }

    @Schema(description = "The serving engine's startup budget on each GPU of the placement, in bytes.")
    record ServingView(
            @Schema(example = "vllm") String engine,
            @Schema(example = "0.21") String version,
            BigDecimal gpuMemoryUtilization,
            int maxModelLen,
            int maxNumSeqs,
            int maxNumBatchedTokens,
            int blockSize,
            int tensorParallelSize,
            int pipelineParallelSize,

            @Schema(
                    description = "The pipeline stage these figures are of (1-based): the one holding the fewest KV "
                            + "tokens, which sets the KV cache of every stage.")
            int pipelineStage,

            @Schema(description = "--quantization applied while loading (fp8), or null.") @Nullable
            String quantization,

            long totalMemoryBytes,

            @Schema(description = "total x gpuMemoryUtilization")
            long requestedBytes,

            long weightBytes,

            @Schema(
                    description = "max(forwardPeakBytes, samplerPeakBytes) + moeWorkspaceBytes + "
                            + "encoderProfilingBytes + pipelineBufferBytes.")
            long activationPeakBytes,

            @Schema(description = "The profiling forward pass over maxNumBatchedTokens (MLP intermediates).")
            long forwardPeakBytes,

            @Schema(
                    description = "The dummy sampler run over maxNumSeqs sequences: logits over the whole vocabulary "
                            + "and their fp32 temporaries, beside the forward's hidden states (last stage only).")
            long samplerPeakBytes,

            @Schema(description = "The fused-MoE workspace, kept through the profile; 0 for dense models.")
            long moeWorkspaceBytes,

            @Schema(
                    description = "A multimodal model's dummy encoder outputs and pixel values, kept through the "
                            + "profile (first stage only); 0 for text-only models.")
            long encoderProfilingBytes,

            @Schema(description = "Intermediate tensors a pipeline stage after the first receives; 0 otherwise.")
            long pipelineBufferBytes,

            @Schema(description = "CUDA context, and NCCL buffers with several GPUs.")
            long nonTorchBytes,

            @Schema(description = "CUDA-graph memory reserved up front (v0.21+).")
            long cudaGraphBytes,

            long kvCacheBytes,
            long kvCacheBytesPerTokenPerGpu,
            long kvCacheTokens,

            @Schema(description = "kvCacheTokens / maxModelLen")
            BigDecimal maxConcurrency,

            @Schema(description = "vLLM starts: one maxModelLen sequence fits in the KV cache.")
            boolean fits,

            @Schema(description = "The largest maxModelLen that starts.")
            long largestMaxModelLen,

            @Schema(description = "The budget as vLLM's startup log reads, one line a step. Absent with view=summary.")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            List<String> derivation) {

        static ServingView of(VllmBudget b, ResponseView view) {
            return new ServingView(
                    "vllm",
                    b.version(),
                    b.gpuMemoryUtilization(),
                    b.maxModelLen(),
                    b.maxNumSeqs(),
                    b.maxNumBatchedTokens(),
                    b.blockSize(),
                    b.parallelism().tp(),
                    b.parallelism().pp(),
                    b.pipelineStage() + 1,
                    b.quantization(),
                    b.totalMemoryBytes(),
                    b.requested().bytes(),
                    b.weights().bytes(),
                    b.activationPeak().bytes(),
                    b.forwardPeak().bytes(),
                    b.samplerPeak().bytes(),
                    b.moeWorkspace().bytes(),
                    b.encoderProfiling().bytes(),
                    b.pipelineBuffers().bytes(),
                    b.nonTorch().bytes(),
                    b.cudaGraphs().bytes(),
                    b.kvCacheBytes(),
                    b.kvBytesPerTokenPerGpu(),
                    b.kvCacheTokens(),
                    b.maxConcurrency(),
                    b.fits(),
                    b.largestMaxModelLen(),
                    view.summary() ? null : b.derivation());
        }
    }

    @Schema(description = "The inverse questions for the placement.")
    record CapacityView(
            @Schema(description = "Largest batch at the requested sequence length.")
            long maxBatchSize,

            @Schema(description = "Longest sequence at the requested batch size.")
            long maxSequenceLength,

            @Schema(description = "The length maxConcurrency counts at: maxModelLen, else the model's context.")
            long contextLength,

            @Schema(description = "Sequences of contextLength held at once.")
            long maxConcurrency) {

        static CapacityView of(Capacity c) {
            return new CapacityView(c.maxBatchSize(), c.maxSequenceLength(), c.contextLength(), c.maxConcurrency());
        }
    }

    @Schema(description = "Roofline speed estimates: upper bounds, not benchmarks.")
    record SpeedView(
            @Schema(description = "Decode, memory-bound: 1 / (active weight bytes + batch x KV bytes) x bandwidth.")
            BigDecimal decodeTokensPerSecondPerSequence,

            @Schema(description = "Decode tokens per second over the whole batch.")
            BigDecimal decodeTokensPerSecondTotal,

            @Schema(description = "Prefill, compute-bound: 2 x active parameters x sequenceLength / FLOPS.")
            BigDecimal prefillSeconds,

            @Schema(description = "Share of peak memory bandwidth assumed.")
            BigDecimal memoryBandwidthEfficiency,

            @Schema(description = "Share of peak dense FP16 FLOPS assumed.")
            BigDecimal computeEfficiency,

            @Schema(example = "upper-bound roofline estimate")
            String basis) {

        static SpeedView of(Speed s) {
            return new SpeedView(
                    s.decodeTokensPerSecondPerSequence(),
                    s.decodeTokensPerSecondTotal(),
                    s.prefillSeconds(),
                    s.memoryBandwidthEfficiency(),
                    s.computeEfficiency(),
                    "upper-bound roofline estimate");
        }
    }
}
