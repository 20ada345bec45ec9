package io.gpufit.web;

import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.model.MlaShape;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.MoeShape;
import io.gpufit.model.QuantizationSpec;
import io.gpufit.model.WeightPart;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A model as the service resolved it: exact counts, architecture, and where the weight bytes go. */
@Schema(description = "The model as resolved: exact parameter counts, architecture and weights by part.")
record ModelView(
        @Schema(description = "Catalog or Hub id; null for a pasted config without _name_or_path or explicit sizes.")
        @Nullable
        String id,

        @Schema(description = "The config's model_type, or explicit.", example = "llama")
        String modelType,

        @Schema(description = "Exact parameter count of the model proper.", example = "1235814400")
        long parameters,

        @Schema(description = "Parameters one token passes through (fewer than parameters for MoE).")
        long activeParameters,

        Architecture architecture,

        @Schema(
                description = "Parameters and weight bytes per part (absent parts have 0; vision only for a multimodal "
                        + "model).")
        List<WeightPartView> weights,

        @Schema(
                description =
                        "An optional module counted apart (DeepSeek-V3's multi-token prediction); null when none.")
        @Nullable
        ExtraModule extraModule,

        @Schema(description = "The checkpoint's own quantization_config; null when unquantized.") @Nullable
        Quantization quantization) {

    static ModelView of(MemoryEstimate estimate) {
        ModelArchitecture m = estimate.model();
        Map<WeightPart, Long> parameters = m.inventory().parametersByPart();
        List<WeightPartView> parts = new ArrayList<>();
        // A model known only by its count has one unattributed part; a counted model has the others,
        // the vision part only when it has a vision tower.
        boolean attributed = parameters.getOrDefault(WeightPart.UNATTRIBUTED, 0L) == 0;
        boolean multimodal = parameters.getOrDefault(WeightPart.VISION, 0L) > 0;
        for (WeightPart part : WeightPart.values()) {
            if ((part == WeightPart.UNATTRIBUTED) != attributed && (part != WeightPart.VISION || multimodal)) {
                long params = parameters.getOrDefault(part, 0L);
                parts.add(new WeightPartView(
                        part.id(), params, estimate.weightBytesByPart().getOrDefault(part, 0L)));
            }
        }
        long extraParameters = m.inventory().extraModuleParameters();
        ExtraModule extra = extraParameters == 0
                ? null
                : new ExtraModule(
                        m.inventory().extraModuleName(),
                        extraParameters,
                        estimate.extraModuleBytes(),
                        estimate.extraModuleIncluded());
        QuantizationSpec q = m.quantization();
        return new ModelView(
                m.modelId(),
                m.modelType(),
                m.parameters(),
                m.activeParameters(),
                Architecture.of(m),
                parts,
                extra,
                q == null ? null : new Quantization(q.method(), q.format(), q.groupSize(), q.unconvertedModules()));
    }

    @Schema(description = "The shape the estimate used.")
    record Architecture(
            int numLayers,
            @Schema(description = "0 for explicit sizes.") int hiddenSize,
            String attention,
            int numAttentionHeads,
            int numKeyValueHeads,
            int headDim,
            @Schema(description = "0 for explicit sizes.") int vocabSize,
            boolean tiedEmbeddings,

            @Schema(description = "Window of the sliding-window layers; 0 when no layer slides.")
            int slidingWindow,

            int slidingLayers,

            @Schema(description = "MLA latent width; 0 otherwise.")
            int kvLoraRank,

            @Schema(description = "MLA decoupled rope width; 0 otherwise.")
            int qkRopeHeadDim,

            @Schema(description = "Routed experts per MoE layer; 0 for dense models.")
            int numExperts,

            int expertsPerToken,
            int sharedExperts,

            @Schema(description = "The config's max_position_embeddings; null when unknown.") @Nullable
            Integer contextLength) {

        static Architecture of(ModelArchitecture m) {
            MoeShape moe = m.moe();
            MlaShape mla = m.mla();
            return new Architecture(
                    m.numLayers(),
                    zeroIfAbsent(m.hiddenSize()),
                    m.attention().type().name(),
                    m.numAttentionHeads(),
                    m.numKeyValueHeads(),
                    m.headDim(),
                    zeroIfAbsent(m.vocabSize()),
                    m.tiedEmbeddings(),
                    m.kvLayout().slidingWindow(),
                    m.kvLayout().slidingLayers(),
                    mla == null ? 0 : mla.kvLoraRank(),
                    mla == null ? 0 : mla.qkRopeHeadDim(),
                    moe == null ? 0 : moe.experts(),
                    moe == null ? 0 : moe.expertsPerToken(),
                    moe == null ? 0 : moe.sharedExperts(),
                    m.maxPositionEmbeddings());
        }

        private static int zeroIfAbsent(Integer size) {
            return size == null ? 0 : size;
        }
    }

    @Schema(description = "One part of the weights.")
    record WeightPartView(
            String part,
            long parameters,

            @Schema(description = "Bytes in the requested weight format.")
            long bytes) {}

    @Schema(description = "A module counted apart from the model proper.")
    record ExtraModule(
            String name,
            long parameters,
            long bytes,

            @Schema(description = "Whether weights.bytes includes it (includeExtraModule).")
            boolean included) {}

    @Schema(description = "A checkpoint's quantization_config, as understood.")
    record Quantization(String method, String format, int groupSize, List<String> unconvertedModules) {}
}
