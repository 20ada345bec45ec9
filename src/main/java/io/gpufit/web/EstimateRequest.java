package io.gpufit.web;

import io.gpufit.application.EstimateInput;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /estimate}. Limits keep every byte count inside a signed 64-bit integer
 * for realistic combinations; an unrealistic combination that still overflows is rejected too.
 * Whole numbers bind as {@link BigInteger} so that any size, however absurd, reaches Bean
 * Validation and is rejected with its value and the limit rather than as unparseable.
 */
@Schema(
        description = "A model and the workload to serve. Name the model in exactly one way: model (a catalog "
                + "or Hub id), modelConfig (a pasted config.json), or explicit sizes (parameters or parametersBillions with "
                + "numLayers, numAttentionHeads and headDim or hiddenSize). Unknown fields are rejected.")
record EstimateRequest(
        @Schema(
                description = "A model id from GET /models (case-insensitive), or a Hugging Face Hub id when the "
                        + "Hub fetch is enabled.",
                example = "meta-llama/Llama-3.1-8B",
                minLength = 1)
        @Size(max = 200)
        String model,

        @Schema(
                description = "A Hugging Face config.json object, pasted as-is (snake_case; fields the estimator "
                        + "does not need are ignored).",
                types = {"object"},
                implementation = java.util.Map.class)
        JsonNode modelConfig,

        @Schema(description = "Model a serving engine's startup budget (vLLM) instead of the textbook estimate.") @Valid
        EngineRequest engine,

        @Schema(
                description = "Count the optional module some checkpoints carry (DeepSeek-V3's multi-token "
                        + "prediction layer), which engines load only for speculative decoding. Default false.")
        Boolean includeExtraModule,

        @Schema(description = "Exact parameter count. Give this or parametersBillions.", example = "1235814400")
        @Min(1)
        @Max(Limits.MAX_PARAMETERS)
        BigInteger parameters,

        @Schema(
                description =
                        "Nominal size in billions (1 means exactly 1,000,000,000): greater than 0, at most 9 decimals. "
                                + "Give this or parameters.",
                example = "1")
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax(Limits.MAX_PARAMETERS_BILLIONS)
        @Digits(integer = 7, fraction = 9)
        BigDecimal parametersBillions,

        @Schema(description = "Transformer layers (explicit sizes only).", example = "16")
        @Min(1)
        @Max(Limits.MAX_LAYERS)
        BigInteger numLayers,

        @Schema(description = "Query (attention) heads (explicit sizes only).", example = "32")
        @Min(1)
        @Max(Limits.MAX_HEADS)
        BigInteger numAttentionHeads,

        @Schema(
                description = "Key/value heads; must divide numAttentionHeads. Defaults to numAttentionHeads "
                        + "(multi-head attention); fewer means grouped-query attention, 1 multi-query.",
                example = "8")
        @Min(1)
        @Max(Limits.MAX_HEADS)
        BigInteger numKeyValueHeads,

        @Schema(description = "Elements per head. Defaults to hiddenSize / numAttentionHeads.", example = "64")
        @Min(1)
        @Max(Limits.MAX_HEAD_DIM)
        BigInteger headDim,

        @Schema(description = "Model width; only used to derive headDim when headDim is absent.", example = "2048")
        @Min(1)
        @Max(Limits.MAX_HIDDEN_SIZE)
        BigInteger hiddenSize,

        @Schema(
                description = "Format of the weights. Required with explicit sizes; for a model or modelConfig the "
                        + "default is the checkpoint's quantization, else its torch_dtype as vLLM serves it (bfloat16 as "
                        + "bf16, float16 and float32 as fp16). The enum lists the canonical ids; the service also accepts "
                        + "them in any case and the aliases bfloat16, float16, half, float32, float, fp8_e4m3 and "
                        + "fp8_e5m2, and answers with the canonical id.",
                example = "fp16")
        String weightDtype,

        @Schema(
                description = "Format of the KV cache. Default (absent or auto): the model's activation dtype, as "
                        + "vLLM's kv_cache_dtype=auto and llama.cpp's f16 cache do: weightDtype when it is fp32, fp16 or "
                        + "bf16, else the 16-bit type the model computes in (bf16 when its torch_dtype is bfloat16, else "
                        + "fp16), never the quantized weights' format. resolved.kvCacheDtypeOrigin says which applied. "
                        + "Aliases as for weightDtype (fp8_e4m3 and fp8_e5m2 are fp8: one byte per element).",
                example = "fp16")
        String kvCacheDtype,

        @Schema(
                description = "Quantization group size for gptq and awq: -1 (one group per output channel) or "
                        + "1 to 65,536. Default: the checkpoint's, else 128.",
                example = "128")
        @Min(-1)
        @Max(65_536)
        BigInteger weightGroupSize,

        @Schema(description = "Sequences served at once.", example = "4") @NotNull @Min(1) @Max(Limits.MAX_BATCH_SIZE)
        BigInteger batchSize,

        @Schema(description = "Tokens per sequence, prompt plus output.", example = "256")
        @NotNull
        @Min(1)
        @Max(Limits.MAX_SEQUENCE_LENGTH)
        BigInteger sequenceLength,

        @Schema(
                description = "Candidate GPU ids or short names (case-insensitive, e.g. P100, H100). "
                        + "Default: every GPU in the catalog.",
                example = "[\"p100-pcie-16gb\", \"a40\", \"a100-sxm4-80gb\"]")
        @Size(min = 1, max = Limits.MAX_GPUS)
        List<@NotBlank @Size(max = 64) String> gpus,

        @Schema(
                description =
                        "Fraction of a GPU's usable memory the job may use: greater than 0, at most 1, at most 4 decimals. "
                                + "Default 0.9.",
                example = "0.9")
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax("1")
        @Digits(integer = 1, fraction = 4)
        BigDecimal memoryUtilization,

        @Schema(
                description = "Bytes each GPU must keep free beside weights + KV cache for the runtime's own "
                        + "memory (CUDA context, activations), which the textbook total leaves out: a placement fits "
                        + "only if its headroom is at least this. Default 2,684,354,560 (2.5 GiB: the CUDA context "
                        + "0.25 GiB plus the largest activation peak, 1.93 GiB, of the vLLM calibration logs, rounded "
                        + "up). Textbook estimate only: rejected with engine, whose budget models those reserves.",
                example = "2684354560")
        @Min(0)
        @Max(Limits.MAX_MIN_HEADROOM_BYTES)
        BigInteger minHeadroomBytes,

        @Schema(
                description = "Consider each GPU's Multi-Instance GPU (MIG) slices too (the profiles GET /gpus/{id} "
                        + "lists): each slice is a candidate of its own, on one slice (no tensor or pipeline "
                        + "parallelism across slices, no NVLink), with the slice's memory and its share of the GPU's "
                        + "bandwidth (memory fraction) and FP16 compute (SM fraction). A small job then gets the "
                        + "smallest slice that fits, a whole GPU beating a slice of the same memory and a plain slice "
                        + "its +me twin; a slice that is the whole GPU (7g) is left to the GPU's own row. Slices have no price. "
                        + "Default false: whole GPUs only.",
                example = "true")
        Boolean allowMig,

        @Schema(
                description = "The GPUs free to place the job on: GPU id or short name (as in gpus) -> free count, "
                        + "a whole number from 0 to 1,000,000; a GPU it does not name has none free ({} says none is). The "
                        + "recommendation is then the best placement the inventory holds (never 2 x H100 when one is "
                        + "free); a MIG slice takes one whole free GPU of its type. Each candidate says whether the "
                        + "inventory holds it (inInventory), and the answer's inventory object what would fit when "
                        + "nothing it holds does. An unknown or ambiguous name, a GPU named twice or a bad count is "
                        + "a 400 naming inventory.<key>. Default: every placement may be recommended.",
                example = "{\"h100-sxm5-80gb\": 1, \"a100-sxm4-80gb\": 4}",
                additionalPropertiesSchema = FreeGpuCount.class)
        @Size(max = Limits.MAX_GPUS)
        Map<String, BigInteger> inventory) {

    /**
     * A {@code null} sent for any optional field reads as the field left out, as openapi.yaml says; Jackson
     * binds it to null everywhere but in a {@link JsonNode}, which gets a {@code NullNode}.
     */
    EstimateRequest {
        if (modelConfig != null && modelConfig.isNull()) {
            modelConfig = null;
        }
    }

    /** The application's input. Bean Validation has bounded every number, so the exact conversions cannot fail. */
    EstimateInput toInput() {
        return new EstimateInput(
                model,
                modelConfig,
                engine == null ? null : engine.toInput(),
                includeExtraModule,
                parameters == null ? null : parameters.longValueExact(),
                parametersBillions,
                intOrNull(numLayers),
                intOrNull(numAttentionHeads),
                intOrNull(numKeyValueHeads),
                intOrNull(headDim),
                intOrNull(hiddenSize),
                weightDtype,
                kvCacheDtype,
                intOrNull(weightGroupSize),
                batchSize.intValueExact(),
                sequenceLength.intValueExact(),
                gpus,
                memoryUtilization,
                minHeadroomBytes == null ? null : minHeadroomBytes.longValueExact(),
                allowMig,
                inventory);
    }

    static Integer intOrNull(BigInteger value) {
        return value == null ? null : value.intValueExact();
    }

    /** The documented shape of an inventory's counts (checked by the application, which names inventory.<key>). */
    @Schema(
            type = "integer",
            description = "Free GPUs of the type the key names.",
            minimum = "0",
            maximum = "1000000",
            example = "4")
    static final class FreeGpuCount {
        private FreeGpuCount() {}
    }

    /** Input limits, documented in openapi.yaml and the README. */
    static final class Limits {
        static final long MAX_PARAMETERS = 1_000_000_000_000_000L;
        static final String MAX_PARAMETERS_BILLIONS = "1000000";
        static final long MAX_LAYERS = 10_000;
        static final long MAX_HEADS = 65_536;
        static final long MAX_HEAD_DIM = 65_536;
        static final long MAX_HIDDEN_SIZE = 16_777_216;
        static final long MAX_BATCH_SIZE = 1_000_000;
        static final long MAX_SEQUENCE_LENGTH = 100_000_000;
        static final int MAX_GPUS = 100;
        static final long MAX_MIN_HEADROOM_BYTES = 1_000_000_000_000L;

        private Limits() {}
    }
}
