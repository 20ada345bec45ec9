package io.gpufit.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gpufit.application.EstimateCommand;
import io.gpufit.application.Estimation;
import io.gpufit.estimate.Bytes;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.plan.Candidate;
import io.gpufit.plan.FitPlan;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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

        @Schema(
                description = "Weights + KV cache: the textbook total. It leaves out the runtime's own memory "
                        + "(CUDA context, activations); without engine the recommendation keeps "
                        + "resolved.minHeadroomBytes free on each GPU for it, and with engine the engine's budget "
                        + "models it.")
        Size total,

        @Schema(description = "Each formula with its numbers plugged in, one step per line.")
        List<String> derivation,

        @Schema(
                description = "The GPU to use; null when none fits (see shortfall), or with inventory when none it "
                        + "holds fits (see inventory). Without engine it fits weights + KV cache with at least "
                        + "resolved.minHeadroomBytes to spare on each GPU, since the textbook total excludes runtime "
                        + "overhead; with engine, within the engine's modelled budget.")
        @Nullable
        Recommendation recommendation,

        @Schema(
                description = "How far the largest compatible GPU falls short; null when one fits (with inventory: "
                        + "when one fits, free or not).")
        @Nullable
        Shortfall shortfall,

        @Schema(description = "What the request's inventory changed; absent without inventory.")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        InventoryView inventory,

        @Schema(description = "Every GPU considered, fitting ones first, in order of preference.")
        List<CandidateView> candidates,

        @Schema(description = "Caveats, e.g. BF16 on GPUs without native BF16.")
        List<String> warnings) {

    static EstimateResponse of(Estimation estimation, ResponseView view) {
        EstimateCommand command = estimation.command();
        MemoryEstimate estimate = estimation.estimate();
        FitPlan plan = estimation.plan();
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
                command.kvCacheDtypeOrigin(),
                estimate.precision().weights().grouped() ? estimate.precision().groupSize() : null,
                estimate.workload().batchSize(),
                estimate.workload().sequenceLength(),
                command.memoryUtilization(),
                command.minHeadroomBytes());
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
                plan.recommended() == null
                        ? null
                        : Recommendation.of(plan.recommended(), plan.recommendationReason(), estimation),
                plan.shortfall() == null ? null : Shortfall.of(plan.shortfall()),
                plan.inventory() == null ? null : InventoryView.of(plan.inventory(), estimation),
                plan.candidates().stream()
                        .map(c -> CandidateView.of(c, estimation, view))
                        .toList(),
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

            @Schema(
                    description = "Where kvCacheDtype came from: requested, or auto: the model's activation dtype "
                            + "(the weights' float format, else its torch_dtype's 16-bit type).",
                    example = "auto: the activation dtype, the weights' fp16")
            String kvCacheDtypeOrigin,

            @Schema(description = "Quantization group size; only for gptq and awq.") @Nullable
            Integer weightGroupSize,

            int batchSize,
            int sequenceLength,
            BigDecimal memoryUtilization,

            @Schema(
                    description = "The headroom each GPU had to keep beside weights + KV cache (the request's, else "
                            + "the default 2.5 GiB); null with engine, whose budget holds the runtime's reserves.")
            @Nullable
            Long minHeadroomBytes) {}

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

            @Schema(
                    description = "The MIG profile when the placement is one slice of the GPU (only with allowMig); "
                            + "absent for whole GPUs.",
                    example = "1g.10gb")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            String migProfile,

            @Schema(description = "GPUs of that type (1 for a MIG slice).", example = "1")
            int count,

            int tensorParallelSize,
            int pipelineParallelSize,
            @Schema(description = "Per GPU.") long budgetBytes,

            @Schema(
                    description =
                            "Per GPU: budgetBytes - what it needs; without engine at least resolved.minHeadroomBytes.")
            long headroomBytes,

            BigDecimal headroomPercent,

            @Schema(description = "The whole placement's price per hour; null when unknown.") @Nullable
            BigDecimal pricePerHourUsd,

            String reason,

            @Schema(description = "How to run it: vLLM arguments and the pod spec fragment (see the candidates').")
            DeploymentView deployment) {

        static Recommendation of(Candidate c, String reason, Estimation estimation) {
            return new Recommendation(
                    c.gpu().id(),
                    c.gpu().name(),
                    c.migSlice() ? c.mig().name() : null,
                    c.count(),
                    c.placement().parallelism().tp(),
                    c.placement().parallelism().pp(),
                    c.budgetBytes(),
                    c.headroomBytes(),
                    c.headroomPercent(),
                    c.pricePerHourUsd(),
                    reason,
                    DeploymentView.of(estimation.deployment(c)));
        }
    }

    @Schema(description = "What the inventory made of the answer.")
    record InventoryView(
            @Schema(
                    description = "The inventory as resolved: GPU id -> free count, in the order given.",
                    example = "{\"h100-sxm5-80gb\": 1, \"a100-sxm4-80gb\": 4}")
            Map<String, Integer> free,

            @Schema(
                    description = "Whether a placement the inventory holds fits: then it is the recommendation.",
                    example = "true")
            boolean fits,

            @Schema(
                    description = "The placement recommended were every GPU free; null when nothing fits at all (see "
                            + "shortfall). When fits is false, this is what would fit.")
            @Nullable
            Recommendation bestIgnoringInventory,

            @Schema(
                    description = "Whether the inventory holds the best placement, what it holds instead, or that "
                            + "nothing it holds fits and what would.",
                    example =
                            "The inventory holds the best placement, 1 x NVIDIA H100 SXM5 80GB: 1 h100-sxm5-80gb free.")
            String message) {

        static InventoryView of(FitPlan.InventoryCheck check, Estimation estimation) {
            Candidate best = check.bestIgnoringInventory();
            return new InventoryView(
                    check.inventory().free(),
                    estimation.plan().recommended() != null,
                    best == null ? null : Recommendation.of(best, check.bestReason(), estimation),
                    check.message());
        }
    }

    @Schema(description = "What is missing when no GPU fits.")
    record Shortfall(
            long requiredBytes,

            @Schema(description = "Largest compatible GPU considered; null when none is compatible.") @Nullable
            String largestGpu,

            @Nullable Long largestBudgetBytes,

            @Schema(
                    description = "Bytes per GPU the largest GPU lacking memory is short (without engine: its need "
                            + "plus the minimum headroom, minus its budget); 0 when no GPU lacks memory and something "
                            + "else blocks (the message says what). Never negative.")
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
}
