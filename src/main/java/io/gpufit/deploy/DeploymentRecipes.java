package io.gpufit.deploy;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.Parallelism;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.plan.Candidate;
import io.gpufit.plan.GpuBudget;
import io.gpufit.serving.TextbookBudget;
import io.gpufit.serving.VllmBudget;
import io.gpufit.serving.VllmEngine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a candidate placement into a {@link Deployment}.
 *
 * <p>Engine arguments, vLLM's, each {@code --flag=value}, in this order:
 * <ul>
 *   <li>{@code --tensor-parallel-size} and {@code --pipeline-parallel-size}: the placement's;
 *   <li>under the vLLM model, the settings its budget used: {@code --max-model-len},
 *       {@code --gpu-memory-utilization}, {@code --max-num-seqs}, {@code --max-num-batched-tokens} (its
 *       defaults depend on the GPU, so they are pinned), {@code --block-size} when not vLLM's 16, and
 *       {@code --quantization} when set;
 *   <li>under the textbook estimate, the settings that keep vLLM inside it: {@code --max-model-len} = the
 *       sequence length, {@code --max-num-seqs} = the batch size, and {@code --gpu-memory-utilization} =
 *       what the estimate occupies per GPU (weights and KV cache of the busiest GPU plus the minimum
 *       headroom it keeps for the runtime) / usable memory, rounded up to two decimals, never above the
 *       request's memory utilization; {@code --quantization=fp8} for fp8 weights of a checkpoint that is
 *       not quantized;
 *   <li>{@code --dtype} when the model must compute in another type than vLLM's {@code auto} picks, and
 *       {@code --kv-cache-dtype} ({@code fp8}, {@code bfloat16}) when the KV cache is not kept in that type.
 * </ul>
 * Kubernetes: {@code resources.limits} of the GPU's resource ({@code nvidia.com/gpu}, {@code amd.com/gpu})
 * x the placement's GPUs, or 1 of the MIG profile's resource ({@code nvidia.com/mig-1g.10gb}, the device
 * plugin's {@code mixed} strategy), and the GPU's node labels as {@code nodeSelector}.
 */
public final class DeploymentRecipes {

    /** vLLM's default KV cache block. */
    static final int VLLM_DEFAULT_BLOCK_SIZE = 16;

    private DeploymentRecipes() {}

    /**
     * The recipe of a candidate; null when its placement cannot split the model (nothing to run).
     *
     * @param estimate   the model, formats and workload the candidate was weighed for
     * @param autoDtype  the type vLLM computes in with {@code --dtype auto} for this model (bf16 for a
     *                   bfloat16 checkpoint, else fp16)
     */
    public static Deployment of(Candidate candidate, MemoryEstimate estimate, Dtype autoDtype) {
        if (!candidate.placement().valid()) {
            return null;
        }
        List<String> args = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Parallelism parallelism = candidate.placement().parallelism();
        arg(args, "tensor-parallel-size", parallelism.tp());
        arg(args, "pipeline-parallel-size", parallelism.pp());
        GpuBudget budget = candidate.placement().budget();
        ModelArchitecture model = estimate.model();
        long maxModelLen;
        if (budget instanceof VllmBudget vllm) {
            maxModelLen = vllm.maxModelLen();
            arg(args, "max-model-len", vllm.maxModelLen());
            arg(args, "gpu-memory-utilization", plain(vllm.gpuMemoryUtilization()));
            arg(args, "max-num-seqs", vllm.maxNumSeqs());
            arg(args, "max-num-batched-tokens", vllm.maxNumBatchedTokens());
            if (vllm.blockSize() != VLLM_DEFAULT_BLOCK_SIZE) {
                arg(args, "block-size", vllm.blockSize());
            }
            dtypes(args, notes, estimate, autoDtype);
            quantization(args, notes, estimate, vllm.quantization());
        } else if (budget instanceof TextbookBudget textbook) {
            maxModelLen = estimate.workload().sequenceLength();
            arg(args, "max-model-len", maxModelLen);
            arg(args, "gpu-memory-utilization", plain(textbookUtilization(textbook)));
            arg(args, "max-num-seqs", estimate.workload().batchSize());
            dtypes(args, notes, estimate, autoDtype);
            VllmEngine.unsupported(candidate.gpu())
                    .ifPresent(why ->
                            notes.add("vLLM does not run on this GPU (" + why.replaceFirst("^not compatible: ", "")
                                    + "): serve with another engine, holding it to the same batch and length"));
            quantization(args, notes, estimate, null);
        } else {
            maxModelLen = 0;
        }
        Integer context = model.maxPositionEmbeddings();
        if (context != null && maxModelLen > context) {
            notes.add(("max-model-len %d exceeds the model's context of %d: set VLLM_ALLOW_LONG_MAX_MODEL_LEN=1 in the "
                            + "container's environment, or vLLM refuses to start")
                    .formatted(maxModelLen, context));
        }
        if (candidate.migSlice()) {
            notes.add(("MIG slice: the node's GPU must be partitioned with a %s instance (e.g. the GPU Operator's "
                            + "nvidia.com/mig.config label) and NVIDIA's device plugin run with the mixed MIG strategy, "
                            + "which advertises %s")
                    .formatted(candidate.mig().name(), candidate.mig().kubernetesResource()));
        }
        return new Deployment(args, pod(candidate), notes);
    }

    /**
     * {@code --gpu-memory-utilization} that keeps vLLM inside a textbook estimate: what it occupies on each
     * GPU (weights + KV cache of the busiest GPU + the minimum headroom) over the usable memory, rounded up
     * to two decimals (vLLM gets at least that), but never above the request's memory utilization.
     */
    static BigDecimal textbookUtilization(TextbookBudget budget) {
        long occupied = Math.addExact(budget.requiredBytes(), budget.minHeadroomBytes());
        BigDecimal share = BigDecimal.valueOf(occupied)
                .divide(BigDecimal.valueOf(budget.gpu().usableMemoryBytes()), 2, RoundingMode.CEILING);
        return share.min(budget.memoryUtilization());
    }

    /**
     * {@code --dtype} when the activations must be another type than vLLM's auto (fp32 weights, or a 16-bit
     * type other than the checkpoint's), then {@code --kv-cache-dtype} when the cache is not kept in the
     * activation type; a cache vLLM cannot store becomes a note.
     */
    private static void dtypes(List<String> args, List<String> notes, MemoryEstimate estimate, Dtype autoDtype) {
        Dtype weights = estimate.precision().weights();
        Dtype activations = weights.floatingPoint16OrWider() ? weights : autoDtype;
        if (activations != autoDtype) {
            arg(args, "dtype", torchName(activations));
        }
        Dtype kv = estimate.precision().kvCache();
        if (kv == activations) {
            return;
        }
        if (kv == Dtype.FP8) {
            arg(args, "kv-cache-dtype", "fp8");
        } else if (kv == Dtype.BF16) {
            arg(args, "kv-cache-dtype", "bfloat16");
        } else if (!kv.bytesPerElementLabel().equals(activations.bytesPerElementLabel())) {
            notes.add(
                    ("KV cache in %s: vLLM has no --kv-cache-dtype for it and keeps it in %s (%s per element, not %s), "
                                    + "so its KV cache holds a different number of tokens than estimated")
                            .formatted(
                                    kv.id(),
                                    activations.id(),
                                    activations.bytesPerElementLabel(),
                                    kv.bytesPerElementLabel()));
        }
    }

    /**
     * {@code --quantization}: the engine's when set; else fp8 for fp8 weights of a checkpoint that is not
     * quantized (vLLM quantizes 16-bit weights to fp8 while loading); other quantized weights of such a
     * checkpoint must come from a checkpoint stored that way, which a note says.
     */
    private static void quantization(List<String> args, List<String> notes, MemoryEstimate estimate, String engine) {
        Dtype weights = estimate.precision().weights();
        String quantization = engine;
        if (quantization == null && estimate.model().quantization() == null && !weights.floatingPoint16OrWider()) {
            if (weights == Dtype.FP8) {
                quantization = "fp8";
            } else {
                notes.add(("weights in %s: serve a checkpoint stored in that format (vLLM reads its quantization from "
                                + "the checkpoint; no argument quantizes to it)")
                        .formatted(weights.id()));
            }
        }
        if (quantization != null) {
            arg(args, "quantization", quantization);
        }
    }

    private static String torchName(Dtype dtype) {
        return switch (dtype) {
            case FP32 -> "float32";
            case BF16 -> "bfloat16";
            default -> "float16";
        };
    }

    private static PodResources pod(Candidate candidate) {
        GpuProfile.Kubernetes kubernetes = candidate.gpu().kubernetes();
        if (candidate.migSlice()) {
            return new PodResources(Map.of(candidate.mig().kubernetesResource(), 1), kubernetes.nodeSelector());
        }
        if (kubernetes.resource() == null) {
            return null;
        }
        return new PodResources(Map.of(kubernetes.resource(), candidate.count()), kubernetes.nodeSelector());
    }

    private static void arg(List<String> args, String flag, Object value) {
        args.add("--" + flag + "=" + value);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
