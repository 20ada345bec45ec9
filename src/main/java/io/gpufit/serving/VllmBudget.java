package io.gpufit.serving;

import io.gpufit.estimate.Parallelism;
import java.math.BigDecimal;
import java.util.List;

/**
 * What vLLM does with one GPU's memory at startup, per GPU, in bytes.
 *
 * @param requestedBytes       total x gpu_memory_utilization, rounded down
 * @param weightBytes          this GPU's share of the weights, plus the rotary cos/sin cache
 * @param forwardPeakBytes     the profiling forward pass over max_num_batched_tokens (MLP or MoE intermediates)
 * @param samplerPeakBytes     the sampler's fp32 logits over the vocabulary for max_num_seqs sequences
 * @param nonTorchBytes        CUDA context and, with several GPUs, NCCL buffers
 * @param cudaGraphBytes       CUDA-graph memory reserved up front (from v0.21)
 * @param kvCacheBytes         what is left for the KV cache (negative when nothing is)
 * @param kvCacheTokens        tokens of KV cache, in whole blocks
 * @param maxConcurrency       kvCacheTokens / maxModelLen, two decimals
 * @param fits                 vLLM starts: one max_model_len sequence fits in the KV cache
 * @param largestMaxModelLen   the largest max_model_len that would start (the KV tokens)
 */
public record VllmBudget(
        String version,
        BigDecimal gpuMemoryUtilization,
        int maxModelLen,
        int maxNumSeqs,
        int maxNumBatchedTokens,
        int blockSize,
        Parallelism parallelism,
        long totalMemoryBytes,
        long requestedBytes,
        long weightBytes,
        long forwardPeakBytes,
        long samplerPeakBytes,
        long nonTorchBytes,
        long cudaGraphBytes,
        long kvBytesPerTokenPerGpu,
        long kvCacheBytes,
        long kvCacheTokens,
        BigDecimal maxConcurrency,
        boolean fits,
        long largestMaxModelLen,
        List<String> derivation) {

    public VllmBudget {
        derivation = List.copyOf(derivation);
    }

    public long activationPeakBytes() {
        return forwardPeakBytes + samplerPeakBytes;
    }
}
