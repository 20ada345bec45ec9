package io.gpufit.estimate;

import io.gpufit.model.KvLayout;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.TensorGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a model splits over GPUs: tensor parallelism shards each layer across {@code tp} ranks,
 * pipeline parallelism gives each of {@code pp} stages a share of the layers. Follows vLLM's
 * layers: column/row-parallel linears and vocabulary-parallel embeddings are sharded; norms, MoE
 * routers and MLA's down-projections ({@code q_a_proj}, {@code kv_a_proj_with_mqa}) are
 * replicated; with more ranks than KV heads each rank holds one KV head.
 *
 * @param tp tensor-parallel size
 * @param pp pipeline-parallel size
 */
public record Parallelism(int tp, int pp) {

    public static final Parallelism SINGLE = new Parallelism(1, 1);

    public Parallelism {
        if (tp < 1 || pp < 1) {
            throw new IllegalArgumentException("parallel sizes must be positive");
        }
    }

    public int gpus() {
        return Math.multiplyExact(tp, pp);
    }

    /**
     * Which size cannot split the model and why, or empty when both can: the attention heads must
     * divide by TP, and the KV heads must divide by TP or TP by the KV heads (then KV heads are
     * replicated); PP may not exceed the layers. MLA splits its heads the same way; its latent
     * cache is not split.
     */
    public Optional<Invalidity> invalidity(ModelArchitecture model) {
        String tpInvalidity = model.attention().tensorParallelInvalidity(tp);
        if (tpInvalidity != null) {
            return Optional.of(new Invalidity(Invalidity.Dimension.TP, tpInvalidity));
        }
        if (pp > model.numLayers()) {
            return Optional.of(new Invalidity(
                    Invalidity.Dimension.PP, "PP " + pp + " exceeds the " + Bytes.count(model.numLayers(), "layer")));
        }
        return Optional.empty();
    }

    /**
     * Why a placement cannot split a model; it reads as its reason.
     *
     * @param dimension the size at fault: tensor ({@code TP}) or pipeline ({@code PP}) parallelism
     * @param reason    what is wrong, e.g. {@code PP 4 exceeds the 2 layers}
     */
    public record Invalidity(Dimension dimension, String reason) {

        /** The parallel size at fault. */
        public enum Dimension {
            TP,
            PP
        }

        @Override
        public String toString() {
            return reason;
        }
    }

    /** KV heads each rank caches: {@code max(1, kvHeads / tp)}. */
    public long kvHeadsPerRank(ModelArchitecture model) {
        return Math.max(1, model.numKeyValueHeads() / tp);
    }

    /** Layers of the largest pipeline stage (stages differ by at most one layer). */
    public int layersPerStage(int layers) {
        return (int) Rounding.ceilDiv(layers, pp);
    }

    /** What one rank shares of a tensor group: 1 when replicated, else the number of shards. */
    long divisor(TensorGroup group, ModelArchitecture model) {
        return switch (group.role().sharding()) {
            case REPLICATED -> 1;
            case SPLIT_BY_KV_HEADS -> Math.min(tp, model.numKeyValueHeads());
            case SPLIT -> tp;
        };
    }

    /**
     * Layers of each pipeline stage as vLLM splits them ({@code get_pp_indices} in
     * {@code vllm/distributed/utils.py}): {@code layers / pp} each, and the {@code layers % pp} left
     * over go one each to the stages before the last, from the second-to-last backwards, so the last
     * stage (which also holds the output head and the sampler) never gets an extra layer.
     */
    public int[] pipelineStageLayers(int layers) {
        int[] stages = new int[pp];
        java.util.Arrays.fill(stages, layers / pp);
        for (int i = 2; i < layers % pp + 2; i++) {
            stages[pp - i]++;
        }
        return stages;
    }

    /**
     * Weight bytes one GPU of each pipeline stage holds, in one pass over the tensors: its layers' share
     * of the per-layer tensors, the embedding on the first stage (and on the last when the head is
     * tied to it), the final norm and head on the last; every tensor divided among the TP ranks that
     * share it.
     */
    public long[] weightBytesByStage(ModelArchitecture model, Dtype format, int groupSize) {
        long layerBytes = 0;
        long firstStage = 0;
        long lastStage = 0;
        long embedding = 0;
        for (TensorGroup group : model.inventory().tensors()) {
            long bytes =
                    Rounding.ceilDiv(WeightFormulas.groupBytes(group, format, groupSize, model), divisor(group, model));
            switch (group.role().stage()) {
                case LAYERS -> layerBytes = Math.addExact(layerBytes, bytes);
                case FIRST -> firstStage = Math.addExact(firstStage, bytes);
                case LAST -> lastStage = Math.addExact(lastStage, bytes);
            }
            if (group.role() == io.gpufit.model.TensorRole.EMBEDDING) {
                embedding = Math.addExact(embedding, bytes);
            }
        }
        if (pp == 1) {
            return new long[] {Math.addExact(Math.addExact(layerBytes, firstStage), lastStage)};
        }
        int layers = Math.max(1, model.numLayers());
        int[] stageLayers = pipelineStageLayers(layers);
        long[] stages = new long[pp];
        for (int stage = 0; stage < pp; stage++) {
            long total = java.math.BigInteger.valueOf(layerBytes)
                    .multiply(java.math.BigInteger.valueOf(stageLayers[stage]))
                    .add(java.math.BigInteger.valueOf(layers - 1))
                    .divide(java.math.BigInteger.valueOf(layers))
                    .longValueExact();
            if (stage == 0) {
                total = Math.addExact(total, firstStage);
            }
            if (stage == pp - 1) {
                total = Math.addExact(total, lastStage);
                if (model.tiedEmbeddings()) {
                    // vLLM builds the embedding on the last stage too when the head is tied to it
                    total = Math.addExact(total, embedding);
                }
            }
            stages[stage] = total;
        }
        return stages;
    }

    /**
     * KV cache bytes per token vLLM budgets on one GPU of pipeline stage {@code stage}: its layer
     * slots x the bytes one layer caches per token on this rank (vLLM's pages are the same size for
     * every layer). With layers of one kind every layer is a slot. With several kinds (full attention
     * beside sliding-window or chunked layers) vLLM's hybrid allocator cuts each kind into groups of
     * the smallest kind's layer count (of the largest's when within 1.25 x of it), so a kind whose
     * count does not divide into groups leaves padding slots ({@code _get_kv_cache_groups_uniform_page_size}
     * in {@code vllm/v1/core/kv_cache_utils.py}; Gemma 3 4B: 5 full and 29 sliding layers, groups of
     * 5, 1 + 6 groups = 35 slots).
     */
    public long vllmKvBytesPerTokenOnStage(ModelArchitecture model, Dtype kvDtype, int stage) {
        int layers = Math.max(1, model.numLayers());
        int stageLayers = pp == 1 ? layers : pipelineStageLayers(layers)[stage];
        java.util.Map<Integer, Integer> layersByKind = new java.util.LinkedHashMap<>();
        long perLayer = 0;
        for (KvLayout.LayerGroup group : model.kvLayout().groups()) {
            long vectors = model.mla() != null
                    ? group.vectors()
                    : Math.multiplyExact((long) KvLayout.KEY_AND_VALUE, kvHeadsPerRank(model));
            KvLayout.LayerGroup onRank =
                    new KvLayout.LayerGroup(group.layers(), vectors, group.vectorLength(), group.window());
            perLayer = Math.max(perLayer, MemoryFormulas.kvBytesPerLayerToken(onRank, kvDtype));
            int share = (int) Rounding.ceilDiv((long) group.layers() * stageLayers, layers);
            layersByKind.merge(group.window(), share, Integer::sum);
        }
        return Math.multiplyExact(vllmLayerSlots(layersByKind.values()), perLayer);
    }

    /** The KV layer slots vLLM's hybrid allocator makes of these counts of layers, one count per kind. */
    static long vllmLayerSlots(java.util.Collection<Integer> layersByKind) {
        List<Integer> kinds = layersByKind.stream().filter(n -> n > 0).toList();
        if (kinds.size() <= 1) {
            return kinds.isEmpty() ? 0 : kinds.get(0);
        }
        int smallest = java.util.Collections.min(kinds);
        int largest = java.util.Collections.max(kinds);
        // 4 x largest < 5 x smallest: largest < 1.25 x smallest, in integers
        int groupSize = 4L * largest < 5L * smallest ? largest : smallest;
        long groups = 0;
        for (int n : kinds) {
            groups += Rounding.ceilDiv(n, groupSize);
        }
        return groups * groupSize;
    }

    /** KV cache bytes one GPU holds per token: its stage's layers, its share of the KV heads. */
    public long kvBytesPerTokenPerGpu(ModelArchitecture model, Dtype kvDtype) {
        return kvBytesPerSequencePerGpu(model, kvDtype, 1);
    }

    /** KV cache bytes one GPU holds for one sequence of {@code tokens} (sliding layers hold their window). */
    public long kvBytesPerSequencePerGpu(ModelArchitecture model, Dtype kvDtype, long tokens) {
        return MemoryFormulas.kvBytesPerSequence(kvShare(model), kvDtype, tokens);
    }

    /**
     * What one GPU caches of the model's KV layout: of each layer group, the largest stage's share
     * of its layers, and per layer 2 x its KV heads per rank vectors (MLA's latent is not split).
     */
    KvLayout kvShare(ModelArchitecture model) {
        int layers = model.numLayers();
        List<KvLayout.LayerGroup> groups = new ArrayList<>();
        for (KvLayout.LayerGroup group : model.kvLayout().groups()) {
            long vectors = model.mla() != null
                    ? group.vectors()
                    : Math.multiplyExact((long) KvLayout.KEY_AND_VALUE, kvHeadsPerRank(model));
            // the largest stage's share of this group's layers
            long stageLayers =
                    Rounding.ceilDiv(Math.multiplyExact((long) group.layers(), layersPerStage(layers)), layers);
            groups.add(new KvLayout.LayerGroup((int) stageLayers, vectors, group.vectorLength(), group.window()));
        }
        return new KvLayout(groups);
    }

    /**
     * Weight bytes a token reads across the whole model, per TP rank: every tensor it passes
     * through (routed experts only for the share a token uses), divided among the TP ranks.
     */
    public long activeWeightBytesPerRank(ModelArchitecture model, Dtype format, int groupSize) {
        long total = 0;
        for (TensorGroup group : model.inventory().tensors()) {
            long bytes = WeightFormulas.groupBytes(group, format, groupSize, model);
            long active = group.copies() == 0
                    ? 0
                    : java.math.BigInteger.valueOf(bytes)
                            .multiply(java.math.BigInteger.valueOf(group.activeCopies()))
                            .divide(java.math.BigInteger.valueOf(group.copies()))
                            .longValueExact();
            total = Math.addExact(total, Rounding.ceilDiv(active, divisor(group, model)));
        }
        return total;
    }

    /** The longest sequence {@link #longestSequencePerGpu} reports: 2^31 tokens. */
    public static final long MAX_CAPACITY_TOKENS = 1L << 31;

    /**
     * The longest sequence whose KV cache for {@code batch} sequences fits {@code available} bytes
     * on one GPU, found by bisection up to {@link #MAX_CAPACITY_TOKENS} (the cache grows with length,
     * but not in proportion where layers slide). A length whose cache would exceed 2^63 - 1 bytes does
     * not fit, so the answer never depends on how far the probe overshoots.
     */
    public long longestSequencePerGpu(ModelArchitecture model, Dtype kvDtype, long batch, long available) {
        KvLayout share = kvShare(model);
        long low = 0;
        long high = MAX_CAPACITY_TOKENS;
        while (low < high) {
            long mid = (low + high + 1) >>> 1;
            if (holds(share, kvDtype, batch, mid, available)) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /**
     * How many sequences of {@code tokens} one GPU's KV cache share holds in {@code available} bytes:
     * 0 when one sequence's cache would exceed 2^63 - 1 bytes (it cannot fit), never an overflow.
     */
    public long sequencesPerGpu(ModelArchitecture model, Dtype kvDtype, long tokens, long available) {
        if (available <= 0) {
            return 0;
        }
        long perSequence;
        try {
            perSequence = kvBytesPerSequencePerGpu(model, kvDtype, tokens);
        } catch (ArithmeticException beyondALong) {
            return 0;
        }
        return available / perSequence;
    }

    /**
     * Whether {@code batch} sequences of {@code tokens} fit {@code available}; a need beyond a long does
     * not. A need far beyond (by the floating-point estimate, off by far less than the factor 2 allowed)
     * is refused without the exact product, so probes far past the answer cost no overflow.
     */
    private static boolean holds(KvLayout share, Dtype kvDtype, long batch, long tokens, long available) {
        if ((double) batch * MemoryFormulas.kvBytesPerSequenceApproximately(share, kvDtype, tokens) > 2.0 * available) {
            return false;
        }
        try {
            return Math.multiplyExact(batch, MemoryFormulas.kvBytesPerSequence(share, kvDtype, tokens)) <= available;
        } catch (ArithmeticException beyondALong) {
            return false;
        }
    }
}
