package io.gpufit.serving;

import static io.gpufit.estimate.Bytes.grouped;

import io.gpufit.estimate.Bytes;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.Rounding;
import io.gpufit.estimate.Term;
import io.gpufit.estimate.Workload;
import io.gpufit.plan.Capacity;
import io.gpufit.plan.GpuBudget;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What vLLM does with one GPU's memory at startup, per GPU, in bytes, and whether the workload then
 * fits. The KV cache gets what is left of the request after the reserves:
 * <pre>
 *   kv_bytes  = requested - weights - activation_peak - non_torch [- cuda_graphs]
 *   kv_tokens = floor(kv_bytes / (kv_bytes_per_token_per_gpu x block_size)) x block_size
 * </pre>
 *
 * @param version               e.g. {@code 0.19}, {@code 0.21}
 * @param maxModelLen           the settings', else the model's max_position_embeddings, else the sequence length
 * @param maxNumSeqs            the settings', else 1024 on GPUs of 70 GiB or more, 256 below
 * @param maxNumBatchedTokens   the settings', else 8192 on GPUs of 70 GiB or more, 2048 below
 * @param blockSize             tokens per KV cache block
 * @param quantization          {@code --quantization} applied while loading ({@code fp8}), or null
 * @param totalMemoryBytes      the GPU's usable memory
 * @param requested             total x gpu_memory_utilization, rounded down: what vLLM may use
 * @param weights               this GPU's share of the weights, plus the rotary cos/sin cache
 * @param pipelineStage         the pipeline stage this budget is of (0-based): the tightest
 * @param forwardPeak           the profiling forward pass over max_num_batched_tokens (MLP intermediates)
 * @param samplerPeak           the dummy sampler run over max_num_seqs sequences (last stage only)
 * @param moeWorkspace          the fused-MoE workspace, allocated through the whole profile
 * @param encoderProfiling      the multimodal encoder's dummy outputs and pixels, kept through the profile
 * @param pipelineBuffers       the intermediate tensors a later pipeline stage receives
 * @param profilingWorkspace    what the profiling run allocates beside the modelled tensors (a profile constant)
 * @param nonTorch              CUDA context and, with several GPUs, NCCL buffers
 * @param cudaGraphs            CUDA-graph memory reserved up front (from v0.21; 0 before)
 * @param kvBytesPerTokenPerGpu KV cache one GPU holds per token: its stage's layers, its share of the KV heads
 * @param workload              the load the KV cache must hold
 * @param workloadKvCache       the KV cache the workload uses: batch x its sequences in whole blocks
 * @param gpuName               the GPU, for the reasons
 */
public record VllmBudget(
        String version,
        BigDecimal gpuMemoryUtilization,
        int maxModelLen,
        int maxNumSeqs,
        int maxNumBatchedTokens,
        int blockSize,
        String quantization,
        Parallelism parallelism,
        int pipelineStage,
        long totalMemoryBytes,
        Term requested,
        Term weights,
        Term forwardPeak,
        Term samplerPeak,
        Term moeWorkspace,
        Term encoderProfiling,
        Term pipelineBuffers,
        Term profilingWorkspace,
        Term nonTorch,
        Term cudaGraphs,
        long kvBytesPerTokenPerGpu,
        Workload workload,
        Term workloadKvCache,
        String gpuName)
        implements GpuBudget {

    /**
     * The activation peak: the larger of the forward pass and the sampler run (the forward's
     * activations are freed before the sampler runs), plus what stays allocated through both.
     */
    public Term activationPeak() {
        return new Term("activation peak", this::activationPeakFormula, activationPeakBytes());
    }

    private String activationPeakFormula() {
        StringBuilder equation = new StringBuilder("max(forward ")
                .append(grouped(forwardPeak.bytes()))
                .append(" B, sampler ")
                .append(grouped(samplerPeak.bytes()))
                .append(" B)");
        for (Term kept : List.of(moeWorkspace, encoderProfiling, pipelineBuffers, profilingWorkspace)) {
            if (kept.bytes() > 0) {
                equation.append(" + ")
                        .append(kept.label())
                        .append(' ')
                        .append(grouped(kept.bytes()))
                        .append(" B");
            }
        }
        return equation.toString();
    }

    private long activationPeakBytes() {
        return Math.addExact(
                Math.max(forwardPeak.bytes(), samplerPeak.bytes()),
                Math.addExact(
                        Math.addExact(moeWorkspace.bytes(), encoderProfiling.bytes()),
                        Math.addExact(pipelineBuffers.bytes(), profilingWorkspace.bytes())));
    }

    /** What vLLM sets aside before the KV cache: weights, activation peak, non-torch memory, CUDA graphs. */
    public List<Term> reserved() {
        List<Term> reserved = new ArrayList<>(List.of(weights, activationPeak(), nonTorch));
        if (cudaGraphs.bytes() > 0) {
            reserved.add(cudaGraphs);
        }
        return reserved;
    }

    /**
     * What is left for the KV cache: the request minus the reserves; negative when nothing is.
     *
     * @throws ArithmeticException when the reserves exceed the request by more than 2^63 - 1 bytes
     */
    public long kvCacheBytes() {
        long left = Math.subtractExact(requested.bytes(), weights.bytes());
        left = Math.subtractExact(left, activationPeakBytes());
        left = Math.subtractExact(left, nonTorch.bytes());
        return Math.subtractExact(left, cudaGraphs.bytes());
    }

    /** Tokens of KV cache, in whole blocks. */
    public long kvCacheTokens() {
        long kv = kvCacheBytes();
        long blockBytes = Math.multiplyExact(kvBytesPerTokenPerGpu, blockSize);
        return kv <= 0 ? 0 : Math.multiplyExact(kv / blockBytes, blockSize);
    }

    /** kvCacheTokens / maxModelLen, two decimals, rounded down. */
    public BigDecimal maxConcurrency() {
        return BigDecimal.valueOf(kvCacheTokens()).divide(BigDecimal.valueOf(maxModelLen), 2, RoundingMode.FLOOR);
    }

    /** vLLM starts: one max_model_len sequence fits in the KV cache. */
    public boolean fits() {
        return kvCacheTokens() >= maxModelLen;
    }

    /** The largest max_model_len that would start: the KV tokens. */
    public long largestMaxModelLen() {
        return kvCacheTokens();
    }

    /** The budget as vLLM's startup log reads, one line a step. */
    public List<String> derivation() {
        List<String> lines = new ArrayList<>();
        lines.add(requested.label()
                + (parallelism.pp() > 1
                        ? " (pipeline stage %d of %d, the one with the fewest KV tokens)"
                                .formatted(pipelineStage + 1, parallelism.pp())
                        : "")
                + ": " + requested.equation());
        for (Term term : reserved()) {
            lines.add("  - " + term.line());
            if (term.label().equals("activation peak")) {
                for (Term part : List.of(
                        forwardPeak,
                        samplerPeak,
                        moeWorkspace,
                        encoderProfiling,
                        pipelineBuffers,
                        profilingWorkspace)) {
                    if (part.bytes() > 0) {
                        lines.add("      " + part.line());
                    }
                }
            }
        }
        long kv = kvCacheBytes();
        long tokens = kvCacheTokens();
        lines.add(
                kv >= 0
                        ? "  = KV cache %s B (%s) / (%s B per token x %d-token blocks) = %s"
                                .formatted(
                                        grouped(kv),
                                        Bytes.decimal(kv),
                                        grouped(kvBytesPerTokenPerGpu),
                                        blockSize,
                                        Bytes.count(tokens, "token"))
                        : "  = no KV cache: the reserves exceed the request by %s B, 0 tokens"
                                .formatted(grouped(Math.negateExact(kv))));
        lines.add(
                fits()
                        ? "vLLM starts: %s concurrent sequences of max_model_len %s"
                                .formatted(maxConcurrency().toPlainString(), grouped(maxModelLen))
                        : "vLLM refuses to start: max_model_len %s needs %s tokens of KV cache, %s fit; the largest "
                                        .formatted(grouped(maxModelLen), grouped(maxModelLen), grouped(tokens))
                                + "max_model_len that starts is " + grouped(tokens));
        return lines;
    }

    /** The reserves and the workload's KV cache. */
    @Override
    public List<Term> terms() {
        List<Term> terms = reserved();
        terms.add(workloadKvCache);
        return terms;
    }

    @Override
    public long limitBytes() {
        return requested.bytes();
    }

    /**
     * vLLM takes its whole request at startup: the request less the KV cache it sets aside, plus the
     * KV cache the workload uses (when the reserves alone exceed the request, the request itself).
     */
    @Override
    public long requiredBytes() {
        return Math.addExact(
                Math.subtractExact(requested.bytes(), Math.max(0, kvCacheBytes())), workloadKvCache.bytes());
    }

    /**
     * The bytes of KV cache missing when vLLM does not start or cannot hold the workload: the larger of
     * the workload's tokens and one max_model_len sequence, in whole blocks, less the KV cache it gets;
     * 0 when it fits, or when a sequence longer than max_model_len (not memory) stops it.
     */
    @Override
    public long missingBytes() {
        if (workload.sequenceLength() > maxModelLen || holdsWorkload()) {
            return 0;
        }
        long neededTokens = Math.max(workloadTokens(workload, blockSize), inBlocks(maxModelLen, blockSize));
        return Math.max(
                0,
                Math.subtractExact(
                        Math.multiplyExact(neededTokens, kvBytesPerTokenPerGpu), Math.max(0, kvCacheBytes())));
    }

    /** vLLM starts, accepts the sequence length and its KV cache holds the workload. */
    @Override
    public boolean holdsWorkload() {
        return workload.sequenceLength() <= maxModelLen
                && fits()
                && kvCacheTokens() >= workloadTokens(workload, blockSize);
    }

    /** Why the workload does not fit: a sequence longer than max_model_len, vLLM not starting, or too few KV tokens. */
    @Override
    public String reason() {
        int sequenceLength = workload.sequenceLength();
        long tokens = kvCacheTokens();
        long workloadTokens = workloadTokens(workload, blockSize);
        if (sequenceLength > maxModelLen) {
            return ("vLLM rejects sequences longer than max_model_len (%s); sequenceLength is %s: shorten it, or raise "
                            + "engine.maxModelLen (past the model's context only with VLLM_ALLOW_LONG_MAX_MODEL_LEN=1)")
                    .formatted(grouped(maxModelLen), grouped(sequenceLength));
        }
        if (!fits()) {
            return "vLLM would refuse to start on %d x %s: max_model_len %s needs %s KV tokens, %s fit"
                    .formatted(
                            parallelism.gpus(), gpuName, grouped(maxModelLen), grouped(maxModelLen), grouped(tokens));
        }
        if (tokens < workloadTokens) {
            return "KV cache holds %s on %d x %s, the workload needs %s"
                    .formatted(Bytes.count(tokens, "token"), parallelism.gpus(), gpuName, grouped(workloadTokens));
        }
        return null;
    }

    /**
     * Sequences of the requested length the KV cache holds, in whole blocks; the longest sequence
     * for the requested batch (at most max_model_len); sequences of max_model_len.
     */
    @Override
    public Capacity capacity() {
        long tokens = kvCacheTokens();
        long longest = Math.min(maxModelLen, Math.multiplyExact(tokens / workload.batchSize() / blockSize, blockSize));
        return new Capacity(
                tokens / inBlocks(workload.sequenceLength(), blockSize), longest, maxModelLen, tokens / maxModelLen);
    }

    /** The tokens the workload takes of the KV cache: batch x its sequence length in whole blocks. */
    static long workloadTokens(Workload workload, int blockSize) {
        return Math.multiplyExact(workload.batchSize(), inBlocks(workload.sequenceLength(), blockSize));
    }

    /** {@code tokens} rounded up to whole blocks: vLLM allocates the KV cache a block at a time. */
    private static long inBlocks(long tokens, int blockSize) {
        return Math.multiplyExact(Rounding.ceilDiv(tokens, blockSize), blockSize);
    }
}
