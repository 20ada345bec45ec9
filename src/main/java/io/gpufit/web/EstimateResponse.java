package io.gpufit.web;

import io.gpufit.application.EstimateCommand;
import io.gpufit.estimate.Bytes;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.plan.Candidate;
import io.gpufit.plan.Capacity;
import io.gpufit.plan.FitPlan;
import io.gpufit.plan.Placement;
import io.gpufit.plan.Speed;
import io.gpufit.serving.VllmBudget;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The body of a {@code POST /estimate} answer. */
@Schema(description = "GPU memory the model needs for the workload, how it was derived, and where it fits.")
record EstimateResponse(
        @Schema(description = "The input as estimated: defaults applied, headDim derived.")
        Resolved resolved,

        @Schema(description = "The model: exact parameters, architecture, and weights by part.")
        ModelView model,

        @Schema(description = "Weights = parameters x bytes per parameter.")
        Size weights,

        @Schema(description = "KV cache pre-allocated for batchSize x sequenceLength tokens.")
        KvCache kvCache,

        @Schema(description = "Weights + KV cache.") Size total,

        @Schema(description = "Each formula with its numbers plugged in, one step per line.")
        List<String> derivation,

        @Schema(description = "The GPU to use; null when none fits (see shortfall).")
        Recommendation recommendation,

        @Schema(description = "How far the largest compatible GPU falls short; null when one fits.")
        Shortfall shortfall,

        @Schema(description = "Every GPU considered, fitting ones first, in order of preference.")
        List<CandidateView> candidates,

        @Schema(description = "Caveats, e.g. BF16 on GPUs without native BF16.")
        List<String> warnings) {

    static EstimateResponse of(EstimateCommand command, MemoryEstimate estimate, FitPlan plan) {
        ModelArchitecture model = estimate.model();
        var resolved = new Resolved(
                model.parameters(),
                model.numLayers(),
                model.numAttentionHeads(),
                model.numKeyValueHeads(),
                model.headDim(),
                model.attention().type().name(),
                estimate.precision().weights().id(),
                estimate.precision().kvCache().id(),
                estimate.precision().weights().grouped() ? estimate.precision().groupSize() : null,
                estimate.workload().batchSize(),
                estimate.workload().sequenceLength(),
                command.memoryUtilization());
        List<String> warnings = new ArrayList<>(model.notes());
        warnings.addAll(command.notes());
        warnings.addAll(plan.warnings());
        return new EstimateResponse(
                resolved,
                ModelView.of(estimate),
                Size.of(estimate.weightBytes()),
                KvCache.of(estimate.kvCacheBytesPerToken(), estimate.kvCacheBytes()),
                Size.of(estimate.totalBytes()),
                estimate.derivation(),
                plan.recommended() == null ? null : Recommendation.of(plan.recommended(), plan.recommendationReason()),
                plan.shortfall() == null ? null : Shortfall.of(plan.shortfall()),
                plan.candidates().stream().map(CandidateView::of).toList(),
                warnings);
    }

    @Schema(description = "The input as estimated.")
    record Resolved(
            long parameters,
            int numLayers,
            int numAttentionHeads,
            int numKeyValueHeads,
            int headDim,

            @Schema(description = "MHA, GQA, MQA (from the head counts) or MLA (DeepSeek's latent attention).")
            String attention,

            String weightDtype,
            String kvCacheDtype,

            @Schema(description = "Quantization group size; only for gptq and awq.")
            Integer weightGroupSize,

            int batchSize,
            int sequenceLength,
            BigDecimal memoryUtilization) {}

    @Schema(description = "A size in exact bytes, and the same in GB (10^9) and GiB (2^30).")
    record Size(
            @Schema(description = "Exact bytes.", example = "2033554432")
            long bytes,

            @Schema(description = "bytes / 10^9.", example = "2.033554432")
            double gb,

            @Schema(description = "bytes / 2^30.", example = "1.8939018249511719")
            double gib,

            @Schema(description = "Three significant digits, decimal and binary.", example = "2.03 GB (1.89 GiB)")
            String human) {

        static Size of(long bytes) {
            return new Size(bytes, (double) bytes / Bytes.GB, (double) bytes / Bytes.GIB, Bytes.human(bytes));
        }
    }

    @Schema(description = "The KV cache: per token and for the whole workload.")
    record KvCache(
            @Schema(description = "2 (K and V) x layers x KV heads x head dim x bytes per element.", example = "32768")
            long bytesPerToken,

            @Schema(description = "Exact bytes for batchSize x sequenceLength tokens.", example = "33554432")
            long bytes,

            double gb,
            double gib,
            String human) {

        static KvCache of(long bytesPerToken, long bytes) {
            Size size = Size.of(bytes);
            return new KvCache(bytesPerToken, size.bytes(), size.gb(), size.gib(), size.human());
        }
    }

    @Schema(description = "The placement to run on and why: a GPU type and how many of them.")
    record Recommendation(
            @Schema(description = "GPU id, as in GET /gpus.", example = "p100-pcie-16gb")
            String gpu,

            String name,

            @Schema(description = "GPUs of that type.", example = "1")
            int count,

            int tensorParallelSize,
            int pipelineParallelSize,
            @Schema(description = "Per GPU.") long budgetBytes,
            @Schema(description = "Per GPU.") long headroomBytes,
            BigDecimal headroomPercent,

            @Schema(description = "The whole placement's price per hour; null when unknown.")
            BigDecimal pricePerHourUsd,

            String reason) {

        static Recommendation of(Candidate c, String reason) {
            return new Recommendation(
                    c.gpu().id(),
                    c.gpu().name(),
                    c.count(),
                    c.placement().parallelism().tp(),
                    c.placement().parallelism().pp(),
                    c.budgetBytes(),
                    c.headroomBytes(),
                    c.headroomPercent(),
                    c.pricePerHourUsd(),
                    reason);
        }
    }

    @Schema(description = "What is missing when no GPU fits.")
    record Shortfall(
            long requiredBytes,

            @Schema(description = "Largest compatible GPU considered; null when none is compatible.", nullable = true)
            String largestGpu,

            @Schema(nullable = true) Long largestBudgetBytes,
            long shortfallBytes,
            String message) {

        static Shortfall of(FitPlan.Shortfall s) {
            return new Shortfall(
                    s.requiredBytes(),
                    s.largest() == null ? null : s.largest().gpu().id(),
                    s.largest() == null ? null : s.largest().budgetBytes(),
                    s.shortfallBytes(),
                    s.message());
        }
    }

    @Schema(
            description = "One GPU type weighed against the estimate, at the fewest GPUs that fit (one GPU when "
                    + "none fits).")
    record CandidateView(
            String gpu,
            String name,

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

            boolean fits,

            @Schema(description = "budgetBytes - requiredBytesPerGpu; negative when it does not fit.")
            long headroomBytes,

            @Schema(description = "headroomBytes as a percentage of budgetBytes.")
            BigDecimal headroomPercent,

            @Schema(description = "The placement's price per hour (count x per GPU); null when unknown.")
            BigDecimal pricePerHourUsd,

            @Schema(description = "Why it does not fit or is not compatible; null when it fits.")
            String reason,

            @Schema(description = "A caveat that does not exclude it.")
            String warning,

            @Schema(description = "Every placement tried: 1, 2, 4, 8 GPUs (or the engine's TP x PP).")
            List<PlacementView> tried,

            @Schema(description = "The engine's budget on each GPU; null without an engine or when invalid.")
            ServingView serving,

            @Schema(description = "The load this placement can take; null when invalid.")
            CapacityView capacity,

            @Schema(description = "Roofline speeds, upper bounds; null when invalid.")
            SpeedView speed) {

        static CandidateView of(Candidate c) {
            var p = c.placement();
            return new CandidateView(
                    c.gpu().id(),
                    c.gpu().name(),
                    c.count(),
                    p.parallelism().tp(),
                    p.parallelism().pp(),
                    c.gpu().usableMemoryBytes(),
                    c.budgetBytes(),
                    c.requiredBytes(),
                    c.compatible(),
                    c.fits(),
                    c.headroomBytes(),
                    c.headroomPercent(),
                    c.pricePerHourUsd(),
                    c.reason(),
                    c.warning(),
                    c.tried().stream().map(PlacementView::of).toList(),
                    p.budget() instanceof VllmBudget serving ? ServingView.of(serving) : null,
                    c.capacity() == null ? null : CapacityView.of(c.capacity()),
                    c.speed() == null ? null : SpeedView.of(c.speed()));
        }
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

            @Schema(description = "Why it is invalid or does not fit; null when it fits.")
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
            long totalMemoryBytes,

            @Schema(description = "total x gpuMemoryUtilization")
            long requestedBytes,

            long weightBytes,

            @Schema(description = "Forward pass plus sampler.")
            long activationPeakBytes,

            @Schema(description = "The forward pass over maxNumBatchedTokens (MLP or MoE intermediates).")
            long forwardPeakBytes,

            @Schema(description = "The sampler's fp32 logits over the vocabulary for maxNumSeqs sequences.")
            long samplerPeakBytes,

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

            List<String> derivation) {

        static ServingView of(VllmBudget b) {
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
                    b.totalMemoryBytes(),
                    b.requested().bytes(),
                    b.weights().bytes(),
                    b.activationPeak().bytes(),
                    b.forwardPeak().bytes(),
                    b.samplerPeak().bytes(),
                    b.nonTorch().bytes(),
                    b.cudaGraphs().bytes(),
                    b.kvCacheBytes(),
                    b.kvBytesPerTokenPerGpu(),
                    b.kvCacheTokens(),
                    b.maxConcurrency(),
                    b.fits(),
                    b.largestMaxModelLen(),
                    b.derivation());
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
