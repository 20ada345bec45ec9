package io.gpufit.web;

import io.gpufit.application.EngineInput;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.math.BigInteger;

/** The optional {@code engine} object of {@code POST /estimate}: model a serving engine's startup budget. */
@Schema(
        description = "A serving engine whose startup memory budget to model. Absent: the textbook estimate "
                + "(weights + pre-allocated KV cache).")
record EngineRequest(
        @Schema(description = "The engine.", example = "vllm") @NotBlank @Size(max = 32)
        String name,

        @Schema(
                description = "Engine version: 0.19 and 0.20 behave as 0.19; 0.21 and later reserve CUDA-graph "
                        + "memory and default gpuMemoryUtilization to 0.92. Default: 0.21.",
                example = "0.21",
                minLength = 1)
        @Size(max = 16)
        String version,

        @Schema(
                description = "Fraction of each GPU's memory vLLM may use. Default: 0.90 (0.19), 0.92 (0.21+).",
                example = "0.9")
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax("1")
        @Digits(integer = 1, fraction = 4)
        BigDecimal gpuMemoryUtilization,

        @Schema(
                description = "Longest sequence vLLM accepts. Default: the model's max_position_embeddings, else "
                        + "sequenceLength.",
                example = "8192")
        @Min(1)
        @Max(100_000_000)
        BigInteger maxModelLen,

        @Schema(
                description = "Default 1024 on GPUs of 70 GiB or more, else 256 (vLLM's API-server defaults).",
                example = "256")
        @Min(1)
        @Max(65_536)
        BigInteger maxNumSeqs,

        @Schema(description = "Default 8192 on GPUs of 70 GiB or more, else 2048.", example = "8192")
        @Min(1)
        @Max(10_000_000)
        BigInteger maxNumBatchedTokens,

        @Schema(description = "KV cache block in tokens. Default 16.", example = "16") @Min(1) @Max(1024)
        BigInteger blockSize,

        @Schema(description = "Fixes tensor parallelism; absent: try 1, 2, 4 and 8 GPUs.", example = "1")
        @Min(1)
        @Max(64)
        BigInteger tensorParallelSize,

        @Schema(description = "Fixes pipeline parallelism. Default 1.", example = "1") @Min(1) @Max(64)
        BigInteger pipelineParallelSize,

        @Schema(
                description = "vLLM's --kv-cache-dtype: auto (the model's) or fp8. Also accepted: fp16, bf16, and "
                        + "vLLM's fp8_e4m3 and fp8_e5m2 (both fp8, one byte per element).",
                example = "auto")
        String kvCacheDtype,

        @Schema(
                description = "vLLM's --quantization for a 16-bit checkpoint: fp8 quantizes the linear layers' "
                        + "weights to fp8 while loading (one scale per tensor); embeddings, output head, norms and "
                        + "routers stay 16-bit, and the KV cache stays in the activation dtype unless kvCacheDtype "
                        + "says otherwise. Absent: the checkpoint's own format.",
                example = "fp8")
        @Size(max = 32)
        String quantization) {

    /** The application's input. Bean Validation has bounded every number, so the exact conversions cannot fail. */
    EngineInput toInput() {
        return new EngineInput(
                name,
                version,
                gpuMemoryUtilization,
                EstimateRequest.intOrNull(maxModelLen),
                EstimateRequest.intOrNull(maxNumSeqs),
                EstimateRequest.intOrNull(maxNumBatchedTokens),
                EstimateRequest.intOrNull(blockSize),
                EstimateRequest.intOrNull(tensorParallelSize),
                EstimateRequest.intOrNull(pipelineParallelSize),
                kvCacheDtype,
                quantization);
    }
}
