package io.gpufit.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every family reader, and the {@code model_type} values each one answers to. */
final class FamilyReaders {

    /** Llama's layout is what most decoders share, so it also reads the types no reader claims. */
    static final FamilyReader GENERIC = new LlamaReader();

    private static final List<FamilyReader> READERS = List.of(
            GENERIC,
            new QwenReader(),
            new Qwen3MoeReader(),
            new Qwen2MoeReader(),
            new MixtralReader(),
            new GemmaReader(),
            new Phi3Reader(),
            new FalconReader(),
            new GptOssReader(),
            new DeepSeekReader(),
            new Llama4Reader(),
            new Mistral3Reader(),
            new LlavaNextReader(),
            new KimiVlReader());

    private static final Map<String, FamilyReader> BY_TYPE = index();

    private FamilyReaders() {}

    /** The reader of {@code modelType} (lower case), or {@link #GENERIC} when no reader claims it. */
    static FamilyReader forType(String modelType) {
        return BY_TYPE.getOrDefault(modelType, GENERIC);
    }

    /** The families the readers count, aliases left out. */
    static Set<String> modelTypes() {
        Set<String> types = new LinkedHashSet<>();
        READERS.forEach(reader -> types.addAll(reader.modelTypes()));
        return Collections.unmodifiableSet(types);
    }

    private static Map<String, FamilyReader> index() {
        Map<String, FamilyReader> byType = new HashMap<>();
        for (FamilyReader reader : READERS) {
            Set<String> types = new LinkedHashSet<>(reader.modelTypes());
            types.addAll(reader.aliases());
            for (String type : types) {
                if (byType.putIfAbsent(type, reader) != null) {
                    throw new IllegalStateException("two readers claim model_type " + type);
                }
            }
        }
        return Map.copyOf(byType);
    }
}
