package io.gpufit.model;

import static io.gpufit.model.ModelConfigReader.MAX_INTERMEDIATE;
import static io.gpufit.model.ModelConfigReader.MAX_WINDOW;
import static io.gpufit.model.TensorGroup.matrix;
import static io.gpufit.model.TensorGroup.vector;
import static io.gpufit.model.TensorRole.EMBEDDING;
import static io.gpufit.model.TensorRole.FINAL_NORM;
import static io.gpufit.model.TensorRole.OUTPUT_HEAD;

import io.gpufit.model.DecoderConfig.RoutedExperts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The skeleton every family fills in: embeddings, then runs of identical layers, then the final
 * norm and the output head (none when tied to the embeddings); and the {@link ModelArchitecture}
 * built from it. Names default to Llama's; a family sets only what it has of its own. A multimodal
 * reader adds its vision tower to the finished language model ({@link Multimodal#withVision}).
 */
final class Decoder {

    private final DecoderConfig config;
    private final String modelType;
    private final List<String> notes;
    private final List<TensorGroup> layerTensors = new ArrayList<>();
    private String embedding = "model.embed_tokens.weight";
    private TensorGroup finalNorm;
    private boolean tied;
    private AttentionShape attention;
    private MlaShape mla;
    private long kvVectors;
    private long kvVectorLength;
    private RoutedExperts experts;
    private int sharedExperts;
    private List<TensorGroup> extraModule = List.of();
    private String extraModuleName;
    private List<Integer> windows;
    private LlamaCppClass llamaCpp = LlamaCppClass.OTHER;
    private boolean localRotaryCache;

    Decoder(DecoderConfig config, String modelType, List<String> notes) {
        this.config = config;
        this.modelType = modelType;
        this.notes = notes;
        this.finalNorm = vector(FINAL_NORM, "model.norm.weight", config.hidden, 1);
    }

    /** Standard attention: each layer caches a key and a value per KV head. */
    Decoder attention(AttentionShape shape) {
        attention = shape;
        kvVectors = (long) KvLayout.KEY_AND_VALUE * shape.kvHeads();
        kvVectorLength = shape.headDim();
        return this;
    }

    /** Multi-head latent attention: each layer caches one latent (with the rotary key) per token. */
    Decoder latentAttention(int heads, int qkHeadDim, MlaShape latent) {
        attention = new AttentionShape(heads, heads, qkHeadDim, AttentionType.MLA);
        mla = latent;
        kvVectors = 1;
        kvVectorLength = latent.cachedElementsPerToken();
        return this;
    }

    Decoder tied(boolean tiedEmbeddings) {
        tied = tiedEmbeddings;
        return this;
    }

    /** The MoE layers' experts; null (the default) for a dense model. */
    Decoder experts(RoutedExperts routed, int shared) {
        experts = routed;
        sharedExperts = shared;
        return this;
    }

    Decoder embedding(String name) {
        embedding = name;
        return this;
    }

    Decoder finalNorm(String name, long vectors) {
        finalNorm = vector(FINAL_NORM, name, config.hidden, vectors);
        return this;
    }

    /** {@code count} layers holding {@code perLayer} each, after the layers added before. */
    Decoder layers(List<TensorGroup> perLayer, int count) {
        if (count > 0) {
            perLayer.forEach(g -> layerTensors.add(g.times(count)));
        }
        return this;
    }

    /** A module serving engines load only on request, counted apart (see {@link ParameterInventory}). */
    Decoder extraModule(String name, List<TensorGroup> tensors) {
        extraModuleName = name;
        extraModule = tensors;
        return this;
    }

    /** The window of each layer; without it, {@link SlidingWindows#uniform()}. */
    Decoder windows(List<Integer> windowByLayer) {
        windows = windowByLayer;
        return this;
    }

    /** The sliding layers keep a rotary cache of their own beside the global one (Gemma 3). */
    Decoder localRotaryCache() {
        localRotaryCache = true;
        return this;
    }

    Decoder llamaCpp(LlamaCppClass llamaCppClass) {
        llamaCpp = llamaCppClass;
        return this;
    }

    ModelArchitecture build() {
        Objects.requireNonNull(attention, "a reader sets the attention");
        List<Integer> windowByLayer =
                windows != null ? windows : config.windows().uniform();
        ConfigFields f = config.fields;
        int denseWidth = f.optional("intermediate_size", 1, MAX_INTERMEDIATE, 0);
        int expertWidth = f.optional("moe_intermediate_size", 1, MAX_INTERMEDIATE, denseWidth);
        MoeShape moe =
                experts == null ? null : new MoeShape(experts.count(), experts.perToken(), sharedExperts, expertWidth);
        Integer maxPositions = f.optional("max_position_embeddings", 1, MAX_WINDOW);
        int ffn = f.optional("ffn_hidden_size", 1, MAX_INTERMEDIATE, 4 * config.hidden);
        int intermediate = f.optional("intermediate_size", 1, MAX_INTERMEDIATE, ffn);
        QuantizationSpec quantization = QuantizationConfigReader.read(f);
        String torchDtype = f.text("torch_dtype").or(() -> f.text("dtype")).orElse(null);
        String modelId = f.text("_name_or_path").orElse(null);
        return new ModelArchitecture(
                modelId,
                modelType,
                false,
                config.hidden,
                config.layers,
                attention,
                config.vocab,
                tied,
                maxPositions,
                RotaryCaches.positions(f, maxPositions, localRotaryCache),
                intermediate,
                moe,
                mla,
                KvLayout.byWindow(windowByLayer, kvVectors, kvVectorLength),
                inventory(),
                quantization,
                torchDtype,
                llamaCpp,
                null,
                notes);
    }

    private ParameterInventory inventory() {
        List<TensorGroup> tensors = new ArrayList<>();
        tensors.add(matrix(EMBEDDING, embedding, config.vocab, config.hidden));
        tensors.addAll(layerTensors);
        tensors.add(finalNorm);
        if (!tied) {
            tensors.add(matrix(OUTPUT_HEAD, "lm_head.weight", config.vocab, config.hidden));
        }
        return new ParameterInventory(tensors, extraModule, extraModuleName);
    }
}
