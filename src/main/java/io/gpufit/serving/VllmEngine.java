package io.gpufit.serving;

import static io.gpufit.estimate.Bytes.grouped;
import static io.gpufit.estimate.Rounding.ceilDiv;

import io.gpufit.estimate.Bytes;
import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.ShardSizes;
import io.gpufit.estimate.Term;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.MoeShape;
import io.gpufit.plan.ServingEngine;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * vLLM as a serving engine: its startup memory budget (its {@code determine_available_memory}),
 * worked out in {@link VllmBudget}:
 * <pre>
 *   kv_bytes  = total x gpu_memory_utilization - weights - activation_peak - non_torch [- cuda_graphs]
 *   kv_tokens = floor(kv_bytes / (kv_bytes_per_token_per_gpu x block_size)) x block_size
 * </pre>
 * A placement fits when vLLM starts (one max_model_len sequence fits) and the KV cache holds the
 * workload. The activation peak is modelled from what drives it and calibrated on the startup logs
 * of vLLM v0.19 on H100 ({@code src/test/resources/calibration/vllm-0.19-h100-calibration.json}; VllmEngineTest
 * reproduces their KV tokens within 2%).
 */
public final class VllmEngine implements ServingEngine {

    /** The newest behaviour modelled: 0.21 and later reserve CUDA-graph memory up front. */
    public static final String LATEST = "0.21";

    static final int DEFAULT_BLOCK_SIZE = 16;

    /** Non-torch memory seen in the logs: 0.25 GiB on one GPU (CUDA context), 2.07 GiB with NCCL (TP >= 2). */
    static final long NON_TORCH_SINGLE = 268_435_456L; // 0.25 GiB

    static final long NON_TORCH_DISTRIBUTED = 2_222_645_575L; // floor(2.07 GiB)
    /** CUDA-graph reserve from v0.21: the v0.19 logs measured 0.76 to 1.57 GiB; 0.9 GiB is typical of dense models. */
    static final long CUDA_GRAPHS = 966_367_641L; // 0.9 GiB
    /**
     * Copies of the fp32 [max_num_seqs, vocab] logits alive at the sampler's peak (logits,
     * probabilities, log-probabilities and temporaries), fitted on the calibration points:
     * 264 / 100.
     */
    static final long SAMPLER_COPIES_X100 = 264;
    /** Bytes of a logit: the sampler works in fp32. */
    static final int LOGIT_BYTES = 4;
    /** Bytes of an activation element: the forward pass runs in 16-bit. */
    static final int ACTIVATION_BYTES = 2;
    /** GPUs with at least this much memory get vLLM's larger batch defaults (1024 seqs, 8192 tokens). */
    static final long LARGE_GPU = 70L << 30;

    private final VllmSettings settings;

    public VllmEngine(VllmSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The settings as given: null fields take vLLM's defaults. */
    public VllmSettings settings() {
        return settings;
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

    /** Whether a version string is one this model understands: {@code 0.N} or {@code 0.N.P}. */
    public static boolean knownVersion(String version) {
        return version.matches("0\\.(1[0-9]|[2-9][0-9])(\\.[0-9]{1,3})?");
    }

    /** The fixed TP x PP of the settings when they give either, else 1, 2, 4 and 8 GPUs with TP. */
    @Override
    public List<Parallelism> placements() {
        if (settings.tensorParallelSize() == null && settings.pipelineParallelSize() == null) {
            return TENSOR_PARALLEL_UP_TO_8;
        }
        return List.of(new Parallelism(
                settings.tensorParallelSize() == null ? 1 : settings.tensorParallelSize(),
                settings.pipelineParallelSize() == null ? 1 : settings.pipelineParallelSize()));
    }

    /** vLLM needs NVIDIA compute capability 7.0 or higher (its installation guide); AMD GPUs run on ROCm. */
    @Override
    public Optional<String> incompatibility(GpuProfile gpu) {
        String cc = gpu.computeCapability();
        if ("NVIDIA".equalsIgnoreCase(gpu.vendor())
                && cc != null
                && cc.matches("\\d+\\.\\d+")
                && new BigDecimal(cc).compareTo(new BigDecimal("7.0")) < 0) {
            return Optional.of(
                    "not compatible: vLLM needs compute capability 7.0 or higher; " + gpu.name() + " has " + cc);
        }
        return Optional.empty();
    }

    /** total x gpu_memory_utilization, rounded down. */
    @Override
    public long limitBytes(GpuProfile gpu) {
        return ServingEngine.budgetBytes(gpu, utilization());
    }

    /**
     * The budget of one GPU of a placement. max_model_len defaults to the model's
     * max_position_embeddings, else the workload's sequence length.
     */
    @Override
    public VllmBudget budget(ShardSizes sizes, Parallelism parallelism, GpuProfile gpu) {
        MemoryEstimate estimate = sizes.estimate();
        ModelArchitecture model = estimate.model();
        boolean large = gpu.usableMemoryBytes() >= LARGE_GPU;
        int maxNumSeqs = settings.maxNumSeqs() != null ? settings.maxNumSeqs() : large ? 1024 : 256;
        int maxBatched = settings.maxNumBatchedTokens() != null ? settings.maxNumBatchedTokens() : large ? 8192 : 2048;
        int blockSize = settings.blockSize() != null ? settings.blockSize() : DEFAULT_BLOCK_SIZE;
        int maxModelLen = maxModelLen(estimate);
        Dtype kvDtype = kvCacheDtype(estimate);

        long total = gpu.usableMemoryBytes();
        Term requested = new Term(
                "vLLM %s per GPU".formatted(version()),
                "%s B total x %s gpu_memory_utilization"
                        .formatted(grouped(total), utilization().toPlainString()),
                limitBytes(gpu));
        long perToken = parallelism.kvBytesPerTokenPerGpu(model, kvDtype);
        long workloadTokens = VllmBudget.workloadTokens(estimate.workload(), blockSize);
        Term workloadKv = new Term(
                "KV cache for the workload",
                "%s in %d-token blocks x %s B per token"
                        .formatted(Bytes.count(workloadTokens, "token"), blockSize, grouped(perToken)),
                Math.multiplyExact(workloadTokens, perToken));
        return new VllmBudget(
                version(),
                utilization(),
                maxModelLen,
                maxNumSeqs,
                maxBatched,
                blockSize,
                parallelism,
                total,
                requested,
                weights(model, parallelism, sizes.weightBytesPerGpu(parallelism)),
                forwardPeak(model, parallelism, maxBatched),
                samplerPeak(model, maxNumSeqs),
                nonTorch(parallelism),
                cudaGraphs(version()),
                perToken,
                estimate.workload(),
                workloadKv,
                gpu.name());
    }

    /** {@code --max-model-len}: as set, else the model's context, else the workload's sequence length. */
    private int maxModelLen(MemoryEstimate estimate) {
        if (settings.maxModelLen() != null) {
            return settings.maxModelLen();
        }
        Integer context = estimate.model().maxPositionEmbeddings();
        return context != null ? context : estimate.workload().sequenceLength();
    }

    /** {@code --kv-cache-dtype}: as set, else auto (the estimate's KV format). */
    private Dtype kvCacheDtype(MemoryEstimate estimate) {
        return settings.kvCacheDtype() != null
                ? settings.kvCacheDtype()
                : estimate.precision().kvCache();
    }

    private String version() {
        return settings.version() == null ? LATEST : settings.version();
    }

    private BigDecimal utilization() {
        return settings.gpuMemoryUtilization() != null
                ? settings.gpuMemoryUtilization()
                : defaultUtilization(version());
    }

    /** This rank's weights plus the rotary cache. */
    static Term weights(ModelArchitecture model, Parallelism parallelism, long shardedWeightBytes) {
        long rope = ropeCacheBytes(model);
        return Term.of(
                "weights on this GPU (TP %d, PP %d) incl. %s B rotary cache"
                        .formatted(parallelism.tp(), parallelism.pp(), grouped(rope)),
                Math.addExact(shardedWeightBytes, rope));
    }

    /** The CUDA context, and NCCL's buffers when the placement has several GPUs. */
    static Term nonTorch(Parallelism parallelism) {
        return parallelism.gpus() > 1
                ? Term.of("non-torch memory (CUDA context and NCCL buffers)", NON_TORCH_DISTRIBUTED)
                : Term.of("non-torch memory (CUDA context)", NON_TORCH_SINGLE);
    }

    /** The CUDA-graph reserve: {@link #CUDA_GRAPHS} from v0.21, nothing before. */
    static Term cudaGraphs(String version) {
        return Term.of("CUDA-graph reserve (v0.21+)", fromV021(version) ? CUDA_GRAPHS : 0);
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
    static Term forwardPeak(ModelArchitecture model, Parallelism parallelism, long tokens) {
        return Term.of(
                "forward pass over %s".formatted(Bytes.count(tokens, "token")),
                forwardPeakBytes(model, parallelism, tokens));
    }

    private static long forwardPeakBytes(ModelArchitecture model, Parallelism parallelism, long tokens) {
        long tp = parallelism.tp();
        long intermediate = model.intermediateSize() == null ? 0 : model.intermediateSize();
        long dense = Math.multiplyExact(Math.multiplyExact(3 * tokens, ceilDiv(intermediate, tp)), ACTIVATION_BYTES);
        MoeShape moe = model.moe();
        if (moe == null) {
            return dense;
        }
        long perRoute = Math.addExact(3 * ceilDiv(moe.expertIntermediateSize(), tp), model.hiddenSize());
        long routed =
                Math.multiplyExact(Math.multiplyExact(tokens * moe.expertsPerToken(), perRoute), ACTIVATION_BYTES);
        long shared = Math.multiplyExact(
                Math.multiplyExact(3 * tokens, ceilDiv((long) moe.sharedExperts() * moe.expertIntermediateSize(), tp)),
                ACTIVATION_BYTES);
        return Math.max(dense, Math.addExact(routed, shared));
    }

    /**
     * The sampler's peak: {@link #SAMPLER_COPIES_X100}/100 copies of fp32 logits for max_num_seqs
     * sequences: max_num_seqs x vocab x {@link #LOGIT_BYTES} x 2.64.
     */
    static Term samplerPeak(ModelArchitecture model, long maxNumSeqs) {
        long vocab = model.vocabSize() == null ? 0L : model.vocabSize();
        long bytes = Math.multiplyExact(Math.multiplyExact(maxNumSeqs, vocab), LOGIT_BYTES * SAMPLER_COPIES_X100) / 100;
        return Term.of(
                "sampler %s x %s x %s vocab x %d B fp32 logits"
                        .formatted(
                                BigDecimal.valueOf(SAMPLER_COPIES_X100, 2).toPlainString(),
                                Bytes.count(maxNumSeqs, "seq"),
                                grouped(vocab),
                                LOGIT_BYTES),
                bytes);
    }
}
