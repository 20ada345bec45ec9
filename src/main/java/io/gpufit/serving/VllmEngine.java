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
import io.gpufit.model.VisionShape;
import io.gpufit.plan.ServingEngine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * vLLM as a serving engine: its startup memory budget (its {@code determine_available_memory}),
 * worked out per GPU in {@link VllmBudget}:
 * <pre>
 *   kv_bytes  = total x gpu_memory_utilization - weights - activation_peak - non_torch [- cuda_graphs]
 *   kv_tokens = floor(kv_bytes / (kv_bytes_per_token_per_gpu x block_size)) x block_size
 * </pre>
 * With pipeline parallelism every stage has its own budget and the KV cache holds what the tightest
 * stage holds. The activation peak is what vLLM's profiling run allocates
 * ({@code profile_run} in {@code vllm/v1/worker/gpu_model_runner.py}): the larger of the forward
 * pass over max_num_batched_tokens and the dummy sampler run over max_num_seqs (the forward's
 * activations are freed before the sampler runs), plus what stays allocated through both: the
 * fused-MoE workspace, the multimodal encoder's dummy outputs, and the pipeline's intermediate
 * tensors. What differs between releases comes from a {@link VllmProfile}.
 */
public final class VllmEngine implements ServingEngine {

    static final int DEFAULT_BLOCK_SIZE = 16;
    /** Bytes of an fp32 logit or scratch element. */
    static final int FP32_BYTES = 4;
    /** GPUs with at least this much memory (A100 excepted) get vLLM's larger API-server defaults. */
    static final long LARGE_GPU = 70L << 30;

    private static final java.util.regex.Pattern COMPUTE_CAPABILITY = java.util.regex.Pattern.compile("\\d+\\.\\d+");
    private static final BigDecimal MIN_COMPUTE_CAPABILITY = new BigDecimal("7.0");
    /** Image channels of the dummy pixel values (RGB). */
    static final int IMAGE_CHANNELS = 3;

    private final VllmSettings settings;
    private final VllmProfile profile;

    public VllmEngine(VllmSettings settings, VllmProfile profile) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    /** The settings as given: null fields take vLLM's defaults. */
    public VllmSettings settings() {
        return settings;
    }

    /** The release line modelled. */
    public VllmProfile profile() {
        return profile;
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
        return unsupported(gpu);
    }

    /** Why vLLM, whatever its settings, cannot run on this GPU; empty when it can. See {@link #incompatibility}. */
    public static Optional<String> unsupported(GpuProfile gpu) {
        String cc = gpu.computeCapability();
        if ("NVIDIA".equalsIgnoreCase(gpu.vendor())
                && cc != null
                && COMPUTE_CAPABILITY.matcher(cc).matches()
                && new BigDecimal(cc).compareTo(MIN_COMPUTE_CAPABILITY) < 0) {
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
     * The budget of one GPU of a placement: of the tightest pipeline stage (the fewest KV tokens).
     * max_model_len defaults to the model's max_position_embeddings, else the workload's sequence length.
     */
    @Override
    public VllmBudget budget(ShardSizes sizes, Parallelism parallelism, GpuProfile gpu) {
        VllmBudget tightest = null;
        for (int stage = 0; stage < parallelism.pp(); stage++) {
            VllmBudget budget = stageBudget(sizes, parallelism, gpu, stage);
            if (tightest == null || budget.kvCacheTokens() < tightest.kvCacheTokens()) {
                tightest = budget;
            }
        }
        return tightest;
    }

    private VllmBudget stageBudget(ShardSizes sizes, Parallelism parallelism, GpuProfile gpu, int stage) {
        MemoryEstimate estimate = sizes.estimate();
        ModelArchitecture model = estimate.model();
        // vLLM's get_batch_defaults: the larger API-server defaults on 70 GiB+ GPUs other than the A100
        boolean large = gpu.usableMemoryBytes() >= LARGE_GPU && !isA100(gpu);
        int maxNumSeqs = settings.maxNumSeqs() != null ? settings.maxNumSeqs() : large ? 1024 : 256;
        int maxBatched = settings.maxNumBatchedTokens() != null ? settings.maxNumBatchedTokens() : large ? 8192 : 2048;
        int blockSize = settings.blockSize() != null ? settings.blockSize() : DEFAULT_BLOCK_SIZE;
        int maxModelLen = maxModelLen(estimate);
        Dtype kvDtype = kvCacheDtype(estimate);
        int activationBytes = activationBytes(estimate);
        boolean first = stage == 0;
        boolean last = stage == parallelism.pp() - 1;

        long total = gpu.usableMemoryBytes();
        Term requested = new Term(
                "vLLM " + version() + " per GPU",
                () -> "%s B total x %s gpu_memory_utilization"
                        .formatted(grouped(total), utilization().toPlainString()),
                limitBytes(gpu));
        long perToken = sizes.vllmKvBytesPerTokenOnStage(parallelism, kvDtype, stage);
        long workloadTokens = VllmBudget.workloadTokens(estimate.workload(), blockSize);
        Term workloadKv = new Term(
                "KV cache for the workload",
                () -> "%s in %d-token blocks x %s B per token"
                        .formatted(Bytes.count(workloadTokens, "token"), blockSize, grouped(perToken)),
                Math.multiplyExact(workloadTokens, perToken));
        long shardedWeights = sizes.weightBytesOnStage(parallelism, stage);
        return new VllmBudget(
                version(),
                utilization(),
                maxModelLen,
                maxNumSeqs,
                maxBatched,
                blockSize,
                settings.quantization(),
                parallelism,
                stage,
                total,
                requested,
                weights(model, parallelism, stage, shardedWeights),
                forwardPeak(model, parallelism, maxBatched, activationBytes),
                last
                        ? samplerPeak(model, Math.min(maxNumSeqs, maxBatched), maxBatched, activationBytes)
                        : Term.of("sampler (last pipeline stage only)", 0),
                moeWorkspace(model, parallelism, maxBatched, activationBytes),
                first
                        ? encoderProfiling(model, maxBatched, maxNumSeqs, maxModelLen, activationBytes)
                        : Term.of("multimodal encoder outputs (first pipeline stage only)", 0),
                pipelineBuffers(model, parallelism, stage, maxBatched, activationBytes),
                Term.of("profiling workspace (cuBLAS, small tensors)", profile.profilingWorkspaceBytes()),
                nonTorch(parallelism),
                cudaGraphs(),
                perToken,
                estimate.workload(),
                workloadKv,
                gpu.name());
    }

    /** Whether the GPU's name says A100 (any case). */
    private static boolean isA100(GpuProfile gpu) {
        String name = gpu.name();
        for (int i = 0; i + 4 <= name.length(); i++) {
            if (name.regionMatches(true, i, "A100", 0, 4)) {
                return true;
            }
        }
        return false;
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

    /** Bytes of an activation: 4 when the model runs in fp32, else 2 (bf16 or fp16, whatever the weights). */
    private static int activationBytes(MemoryEstimate estimate) {
        return estimate.precision().weights() == Dtype.FP32 ? 4 : 2;
    }

    private String version() {
        return settings.version() == null ? profile.version() : settings.version();
    }

    private BigDecimal utilization() {
        return settings.gpuMemoryUtilization() != null
                ? settings.gpuMemoryUtilization()
                : profile.defaultGpuMemoryUtilization();
    }

    /** This rank's weights plus the rotary cache. */
    static Term weights(ModelArchitecture model, Parallelism parallelism, int stage, long shardedWeightBytes) {
        long rope = ropeCacheBytes(model);
        return Term.of(
                () -> "weights on this GPU (%s) incl. %s B rotary cache"
                        .formatted(
                                parallelism.pp() == 1
                                        ? "TP %d".formatted(parallelism.tp())
                                        : "TP %d, pipeline stage %d of %d"
                                                .formatted(parallelism.tp(), stage + 1, parallelism.pp()),
                                grouped(rope)),
                Math.addExact(shardedWeightBytes, rope));
    }

    /**
     * The non-torch memory the profiling run adds: the CUDA context's growth on one GPU; with tensor
     * parallelism NCCL's buffers for the large all-reduces (growing with each rank beyond 2); with
     * pipeline parallelism only a little, its NCCL being set up before vLLM's baseline snapshot.
     */
    Term nonTorch(Parallelism parallelism) {
        if (parallelism.tp() > 1) {
            long bytes = Math.addExact(
                    profile.nonTorchTensorParallelBytes(),
                    Math.multiplyExact(parallelism.tp() - 2L, profile.nonTorchPerExtraRankBytes()));
            return Term.of(
                    () -> "non-torch memory (CUDA context and NCCL all-reduce buffers, TP %d)"
                            .formatted(parallelism.tp()),
                    bytes);
        }
        if (parallelism.pp() > 1) {
            return Term.of("non-torch memory (pipeline parallelism only)", profile.nonTorchPipelineOnlyBytes());
        }
        return Term.of("non-torch memory (CUDA context)", profile.nonTorchSingleGpuBytes());
    }

    /** The CUDA-graph memory the profile reserves before the KV cache (0 before v0.21). */
    Term cudaGraphs() {
        return Term.of("CUDA-graph reserve (v0.21+)", profile.cudaGraphReserveBytes());
    }

    /**
     * The rotary embeddings' cos/sin caches vLLM keeps per GPU: their positions (scaled contexts are
     * longer, see {@link ModelArchitecture#rotaryCachePositions}) x rotary dim x 2 B.
     */
    static long ropeCacheBytes(ModelArchitecture model) {
        long rotary = model.mla() != null ? model.mla().qkRopeHeadDim() : model.headDim();
        return Math.multiplyExact(Math.multiplyExact(model.rotaryCachePositions(), rotary), 2);
    }

    /**
     * The profiling forward pass over {@code tokens} tokens (attention is skipped when profiling):
     * the MLP's gate/up output and activation, 3 x tokens x intermediate / TP, beside four
     * hidden-sized tensors (input, residual, normed input, output): tokens x (3 x I / TP + 4 x H) x
     * activation bytes.
     */
    static Term forwardPeak(ModelArchitecture model, Parallelism parallelism, long tokens, int activationBytes) {
        long intermediate = model.intermediateSize() == null ? 0 : model.intermediateSize();
        long hidden = model.hiddenSize() == null ? 0 : model.hiddenSize();
        long width = Math.addExact(
                Math.multiplyExact(3, ceilDiv(intermediate, parallelism.tp())), Math.multiplyExact(4, hidden));
        return Term.of(
                () -> "forward pass over %s x (3 x %s / %d + 4 x %s) x %d B"
                        .formatted(
                                Bytes.count(tokens, "token"),
                                grouped(intermediate),
                                parallelism.tp(),
                                grouped(hidden),
                                activationBytes),
                Math.multiplyExact(Math.multiplyExact(tokens, width), activationBytes));
    }

    /**
     * The dummy sampler run over {@code seqs} sequences (the last token of each), with the forward's
     * hidden states still held: seqs x vocab logits, each costing the profile's
     * {@link VllmProfile#samplerBytesPerLogit} (logits in the activation dtype, their fp32 copy,
     * probabilities and the exponential draws; sort values and int64 indices before v0.17), plus the
     * top-k/top-p kernel's fp32 scratch rows x vocab, plus tokens x hidden x activation bytes.
     * Tensor parallelism gathers the full vocabulary: the sampler is not sharded.
     */
    Term samplerPeak(ModelArchitecture model, long seqs, long tokens, int activationBytes) {
        long vocab = model.vocabSize() == null ? 0L : model.vocabSize();
        long hidden = model.hiddenSize() == null ? 0L : model.hiddenSize();
        // an fp32 model's logits are fp32 already: no 2 B logits beside the fp32 copy
        BigDecimal perLogit = activationBytes == FP32_BYTES
                ? profile.samplerBytesPerLogit().subtract(BigDecimal.valueOf(2))
                : profile.samplerBytesPerLogit();
        long logits = BigDecimal.valueOf(Math.multiplyExact(seqs, vocab))
                .multiply(perLogit)
                .setScale(0, RoundingMode.FLOOR)
                .longValueExact();
        long scratch =
                Math.multiplyExact(Math.multiplyExact(Math.min(seqs, profile.samplerScratchRows()), vocab), FP32_BYTES);
        long held = Math.multiplyExact(Math.multiplyExact(tokens, hidden), activationBytes);
        return new Term(
                "sampler",
                () -> "%s x %s vocab x %s B + %s x %s x %d B + hidden states %s x %s x %d B"
                        .formatted(
                                Bytes.count(seqs, "seq"),
                                grouped(vocab),
                                perLogit.stripTrailingZeros().toPlainString(),
                                Bytes.count(Math.min(seqs, profile.samplerScratchRows()), "scratch row"),
                                grouped(vocab),
                                FP32_BYTES,
                                Bytes.count(tokens, "token"),
                                grouped(hidden),
                                activationBytes),
                Math.addExact(Math.addExact(logits, scratch), held));
    }

    /**
     * The fused-MoE workspace, one buffer every MoE layer shares that stays allocated: tokens x top-k x
     * (max(I, H) + max(2 x I, H)) x activation bytes, I the expert width per TP rank
     * ({@code TritonExperts.workspace_shapes} in vLLM's {@code fused_moe}). 0 for dense models.
     */
    Term moeWorkspace(ModelArchitecture model, Parallelism parallelism, long tokens, int activationBytes) {
        MoeShape moe = model.moe();
        if (moe == null || model.hiddenSize() == null) {
            return Term.of("fused-MoE workspace (dense model)", 0);
        }
        long chunk = profile.moeChunkTokens() > 0 ? Math.min(tokens, profile.moeChunkTokens()) : tokens;
        long expert = ceilDiv(moe.expertIntermediateSize(), parallelism.tp());
        long hidden = model.hiddenSize();
        long width = Math.addExact(Math.max(expert, hidden), Math.max(Math.multiplyExact(2, expert), hidden));
        long bytes = Math.multiplyExact(
                Math.multiplyExact(Math.multiplyExact(chunk, moe.expertsPerToken()), width), activationBytes);
        return Term.of(
                () -> "fused-MoE workspace %s x top-%d x (max(%s, %s) + max(2 x %s, %s)) x %d B"
                        .formatted(
                                Bytes.count(chunk, "token"),
                                moe.expertsPerToken(),
                                grouped(expert),
                                grouped(hidden),
                                grouped(expert),
                                grouped(hidden),
                                activationBytes),
                bytes);
    }

    /**
     * What vLLM's multimodal profiling keeps through the forward and sampler runs: the encoder's
     * outputs for as many largest dummy images as the encoder budget holds (max(max_num_batched_tokens,
     * tokens per image) / tokens per image, at least 1), and their pixel values: images x (tokens
     * per image x hidden + tiles x 3 x side^2) x activation bytes. 0 for text-only models.
     */
    static Term encoderProfiling(
            ModelArchitecture model, long maxBatched, long maxNumSeqs, long maxModelLen, int activationBytes) {
        VisionShape vision = model.vision();
        if (vision == null || model.hiddenSize() == null) {
            return Term.of("multimodal encoder outputs (text-only model)", 0);
        }
        long perImage = vision.tokensPerImage();
        long budget = Math.max(maxBatched, perImage);
        long perPrompt = Math.max(1, maxModelLen / perImage);
        long images = Math.max(1, Math.min(budget / perImage, Math.multiplyExact(maxNumSeqs, perPrompt)));
        long pixels = Math.multiplyExact(
                Math.multiplyExact((long) vision.tilesPerImage(), IMAGE_CHANNELS),
                Math.multiplyExact((long) vision.imageSize(), vision.imageSize()));
        long perImageBytes = Math.multiplyExact(
                Math.addExact(Math.multiplyExact(perImage, model.hiddenSize()), pixels), activationBytes);
        return Term.of(
                () -> "multimodal encoder outputs %s x (%s tokens x %s + %s pixel values) x %d B"
                        .formatted(
                                Bytes.count(images, "dummy image"),
                                grouped(perImage),
                                grouped(model.hiddenSize()),
                                grouped(pixels),
                                activationBytes),
                Math.multiplyExact(images, perImageBytes));
    }

    /**
     * The intermediate tensors a pipeline stage after the first receives (hidden states and residual):
     * 2 x tokens x hidden x activation bytes, allocated once and kept.
     */
    static Term pipelineBuffers(
            ModelArchitecture model, Parallelism parallelism, int stage, long tokens, int activationBytes) {
        if (stage == 0 || model.hiddenSize() == null) {
            return Term.of("pipeline intermediate tensors (none on the first stage)", 0);
        }
        return Term.of(
                () -> "pipeline intermediate tensors 2 x %s x %s x %d B"
                        .formatted(Bytes.count(tokens, "token"), grouped(model.hiddenSize()), activationBytes),
                Math.multiplyExact(
                        Math.multiplyExact(Math.multiplyExact(2, tokens), model.hiddenSize()), activationBytes));
    }
}
