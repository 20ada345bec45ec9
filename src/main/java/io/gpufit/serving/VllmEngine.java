package io.gpufit.serving;

import static io.gpufit.estimate.Bytes.grouped;

import io.gpufit.estimate.Bytes;
import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.Precision;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.MoeShape;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * vLLM's startup memory budget (its {@code determine_available_memory}):
 * <pre>
 *   kv_bytes  = total x gpu_memory_utilization - weights - activation_peak - non_torch [- cuda_graphs]
 *   kv_tokens = floor(kv_bytes / (kv_bytes_per_token_per_gpu x block_size)) x block_size
 * </pre>
 * The activation peak is modelled from what drives it and calibrated on the startup logs of
 * vLLM v0.19 on H100 ({@code ../shared/reference/vllm-0.19-h100-calibration.json}; VllmEngineTest
 * reproduces their KV tokens within 2%).
 */
public final class VllmEngine {

    /** The newest behaviour modelled: 0.21 and later reserve CUDA-graph memory up front. */
    public static final String LATEST = "0.21";
    static final int DEFAULT_BLOCK_SIZE = 16;

    /** Non-torch memory seen in the logs: 0.25 GiB on one GPU (CUDA context), 2.07 GiB with NCCL (TP >= 2). */
    static final long NON_TORCH_SINGLE = 268_435_456L;       // 0.25 GiB
    static final long NON_TORCH_DISTRIBUTED = 2_222_645_575L; // floor(2.07 GiB)
    /** CUDA-graph reserve from v0.21: the v0.19 logs measured 0.76 to 1.57 GiB; 0.9 GiB is typical of dense models. */
    static final long CUDA_GRAPHS = 966_367_641L;              // 0.9 GiB
    /**
     * Copies of the fp32 [max_num_seqs, vocab] logits alive at the sampler's peak (logits,
     * probabilities, log-probabilities and temporaries), fitted on the calibration points:
     * 264 / 100.
     */
    static final long SAMPLER_COPIES_X100 = 264;
    /** Bytes of an activation element: the forward pass runs in 16-bit. */
    static final int ACTIVATION_BYTES = 2;
    /** GPUs with at least this much memory get vLLM's larger batch defaults (1024 seqs, 8192 tokens). */
    static final long LARGE_GPU = 70L << 30;

    private VllmEngine() {
    }

    /** vLLM's default gpu_memory_utilization: 0.90 up to v0.20, 0.92 from v0.21. */
    public static BigDecimal defaultUtilization(String version) {
        return fromV021(version) ? new BigDecimal("0.92") : new BigDecimal("0.90");
    }

    static boolean fromV021(String version) {
        String[] parts = (version == null ? LATEST : version).split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return major > 0 || minor >= 21;
    }

    /** vLLM needs NVIDIA compute capability 7.0 or higher (its installation guide); AMD GPUs run on ROCm. */
    public static Optional<String> unsupported(GpuProfile gpu) {
        String cc = gpu.computeCapability();
        if ("NVIDIA".equalsIgnoreCase(gpu.vendor()) && cc != null && cc.matches("\\d+\\.\\d+")
                && new BigDecimal(cc).compareTo(new BigDecimal("7.0")) < 0) {
            return Optional.of("not compatible: vLLM needs compute capability 7.0 or higher; " + gpu.name() + " has " + cc);
        }
        return Optional.empty();
    }

    /** Whether a version string is one this model understands: {@code 0.N} or {@code 0.N.P}. */
    public static boolean knownVersion(String version) {
        return version.matches("0\\.(1[0-9]|[2-9][0-9])(\\.[0-9]{1,3})?");
    }

    /**
     * The budget of one GPU of a placement.
     *
     * @param sequenceLength used for max_model_len when neither the settings nor the model give one
     */
    public static VllmBudget budget(ModelArchitecture model, Precision precision, VllmSettings settings,
            Parallelism parallelism, GpuProfile gpu, int sequenceLength) {
        return budget(model, precision, settings, parallelism, gpu, sequenceLength,
                parallelism.weightBytesPerGpu(model, precision.weights(), precision.groupSize()));
    }

    /**
     * As above, with this rank's weight bytes already known ({@link Parallelism#weightBytesPerGpu}):
     * they depend on the model and placement, not on the GPU, so a planner computes them once.
     */
    public static VllmBudget budget(ModelArchitecture model, Precision precision, VllmSettings settings,
            Parallelism parallelism, GpuProfile gpu, int sequenceLength, long shardedWeightBytes) {
        String version = settings.version() == null ? LATEST : settings.version();
        BigDecimal utilization = settings.gpuMemoryUtilization() != null ? settings.gpuMemoryUtilization()
                : defaultUtilization(version);
        boolean large = gpu.usableMemoryBytes() >= LARGE_GPU;
        int maxNumSeqs = settings.maxNumSeqs() != null ? settings.maxNumSeqs() : large ? 1024 : 256;
        int maxBatched = settings.maxNumBatchedTokens() != null ? settings.maxNumBatchedTokens() : large ? 8192 : 2048;
        int blockSize = settings.blockSize() != null ? settings.blockSize() : DEFAULT_BLOCK_SIZE;
        int maxModelLen = settings.maxModelLen() != null ? settings.maxModelLen()
                : model.maxPositionEmbeddings() != null ? model.maxPositionEmbeddings() : sequenceLength;
        Dtype kvDtype = settings.kvCacheDtype() != null ? settings.kvCacheDtype() : precision.kvCache();

        List<String> derivation = new ArrayList<>();
        long total = gpu.usableMemoryBytes();
        long requested = BigDecimal.valueOf(total).multiply(utilization).setScale(0, RoundingMode.FLOOR).longValueExact();
        derivation.add("vLLM %s per GPU: %s B total x %s gpu_memory_utilization = %s B".formatted(version,
                grouped(total), utilization.toPlainString(), grouped(requested)));

        long rope = ropeCacheBytes(model);
        long weights = Math.addExact(shardedWeightBytes, rope);
        derivation.add("  - weights on this GPU (TP %d, PP %d) incl. %s B rotary cache = %s B".formatted(
                parallelism.tp(), parallelism.pp(), grouped(rope), grouped(weights)));

        long forward = forwardPeak(model, parallelism, maxBatched);
        long sampler = samplerPeak(model, maxNumSeqs);
        derivation.add(("  - activation peak = forward pass over %s tokens %s B + sampler %s x %s seqs x %s vocab "
                + "x 4 B fp32 logits %s B = %s B").formatted(grouped(maxBatched), grouped(forward),
                BigDecimal.valueOf(SAMPLER_COPIES_X100, 2).toPlainString(), grouped(maxNumSeqs),
                grouped(model.vocabSize() == null ? 0 : model.vocabSize()), grouped(sampler), grouped(forward + sampler)));

        long nonTorch = parallelism.gpus() > 1 ? NON_TORCH_DISTRIBUTED : NON_TORCH_SINGLE;
        derivation.add("  - non-torch memory (%s) = %s B".formatted(parallelism.gpus() > 1
                ? "CUDA context and NCCL buffers" : "CUDA context", grouped(nonTorch)));
        long graphs = fromV021(version) ? CUDA_GRAPHS : 0;
        if (graphs > 0) {
            derivation.add("  - CUDA-graph reserve (v0.21+) = %s B".formatted(grouped(graphs)));
        }
        long kv = requested - weights - forward - sampler - nonTorch - graphs;
        long perToken = parallelism.kvBytesPerTokenPerGpu(model, kvDtype);
        long blockBytes = Math.multiplyExact(perToken, blockSize);
        long tokens = kv <= 0 ? 0 : kv / blockBytes * blockSize;
        derivation.add("  = KV cache %s B (%s) / (%s B per token x %d-token blocks) = %s tokens".formatted(
                grouped(kv), Bytes.decimal(Math.max(0, kv)), grouped(perToken), blockSize, grouped(tokens)));
        BigDecimal concurrency = BigDecimal.valueOf(tokens).divide(BigDecimal.valueOf(maxModelLen), 2,
                RoundingMode.FLOOR);
        boolean fits = tokens >= maxModelLen;
        derivation.add(fits
                ? "vLLM starts: %s concurrent sequences of max_model_len %s".formatted(concurrency.toPlainString(),
                        grouped(maxModelLen))
                : "vLLM refuses to start: max_model_len %s needs %s tokens of KV cache, %s fit; the largest "
                        .formatted(grouped(maxModelLen), grouped(maxModelLen), grouped(tokens))
                        + "max_model_len that starts is " + grouped(tokens));
        return new VllmBudget(version, utilization, maxModelLen, maxNumSeqs, maxBatched, blockSize, parallelism,
                total, requested, weights, forward, sampler, nonTorch, graphs, perToken, kv, tokens, concurrency,
                fits, tokens, derivation);
    }

    /** The rotary embedding's cos/sin cache vLLM keeps per GPU: max positions x rotary dim x 2 B. */
    static long ropeCacheBytes(ModelArchitecture model) {
        if (model.maxPositionEmbeddings() == null) {
            return 0;
        }
        long rotary = model.mla() != null ? model.mla().qkRopeHeadDim() : model.headDim();
        return Math.multiplyExact(Math.multiplyExact((long) model.maxPositionEmbeddings(), rotary), ACTIVATION_BYTES);
    }

    /**
     * The profiling forward pass's peak over {@code tokens} tokens: the MLP's gate/up output and
     * activation (3 x tokens x intermediate / TP), or for MoE vLLM's fused-MoE caches (tokens x
     * top-k x (3 x expert intermediate / TP + hidden)) plus the shared experts' MLP.
     */
    static long forwardPeak(ModelArchitecture model, Parallelism parallelism, long tokens) {
        long tp = parallelism.tp();
        long intermediate = model.intermediateSize() == null ? 0 : model.intermediateSize();
        long dense = Math.multiplyExact(Math.multiplyExact(3 * tokens, ceilDiv(intermediate, tp)), ACTIVATION_BYTES);
        MoeShape moe = model.moe();
        if (moe == null) {
            return dense;
        }
        long perRoute = Math.addExact(3 * ceilDiv(moe.expertIntermediateSize(), tp), model.hiddenSize());
        long routed = Math.multiplyExact(Math.multiplyExact(tokens * moe.expertsPerToken(), perRoute),
                ACTIVATION_BYTES);
        long shared = Math.multiplyExact(Math.multiplyExact(3 * tokens,
                ceilDiv((long) moe.sharedExperts() * moe.expertIntermediateSize(), tp)), ACTIVATION_BYTES);
        return Math.max(dense, Math.addExact(routed, shared));
    }

    /** The sampler's peak: {@link #SAMPLER_COPIES_X100}/100 copies of fp32 logits for max_num_seqs sequences. */
    static long samplerPeak(ModelArchitecture model, long maxNumSeqs) {
        return Math.multiplyExact(Math.multiplyExact(maxNumSeqs, model.vocabSize() == null ? 0L : model.vocabSize()), 4 * SAMPLER_COPIES_X100)
                / 100;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
