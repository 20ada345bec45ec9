package io.gpufit.application;

import io.gpufit.estimate.Dtype;
import io.gpufit.plan.ServingEngine;
import io.gpufit.serving.VllmEngine;
import io.gpufit.serving.VllmSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The serving engines whose startup budget is modelled, and the KV cache formats each accepts. */
public enum SupportedEngine {
    /** vLLM's {@code --kv-cache-dtype}: auto, or one of these. */
    VLLM("vllm", List.of(Dtype.FP16, Dtype.BF16, Dtype.FP8));

    /** The KV cache setting that keeps the model's own format. */
    public static final String AUTO = "auto";

    private final String id;
    private final List<Dtype> kvCacheDtypes;

    SupportedEngine(String id, List<Dtype> kvCacheDtypes) {
        this.id = id;
        this.kvCacheDtypes = kvCacheDtypes;
    }

    /** The engine's startup budget with these settings. */
    public ServingEngine engine(VllmSettings settings) {
        return new VllmEngine(
                settings,
                VllmProfileFiles.EMBEDDED.forVersion(settings.version()).orElseThrow());
    }

    /** The engine releases modelled, as a request may name them, e.g. {@code 0.15, ..., 0.21+}. */
    public String knownVersions() {
        return VllmProfileFiles.EMBEDDED.known();
    }

    /** Whether a version string names a release modelled. */
    public boolean knowsVersion(String version) {
        return VllmProfileFiles.EMBEDDED.forVersion(version).isPresent();
    }

    /** The name used in requests, e.g. {@code vllm}. */
    public String id() {
        return id;
    }

    /** The KV cache formats the engine can be told to use instead of {@link #AUTO}. */
    public List<Dtype> kvCacheDtypes() {
        return kvCacheDtypes;
    }

    /** {@link #AUTO}, then the ids of {@link #kvCacheDtypes()}. */
    public List<String> kvCacheDtypeIds() {
        List<String> ids = new ArrayList<>();
        ids.add(AUTO);
        kvCacheDtypes.forEach(d -> ids.add(d.id()));
        return List.copyOf(ids);
    }

    /** Case-insensitive, surrounding blanks ignored; empty for an unknown or absent name. */
    public static Optional<SupportedEngine> fromId(String name) {
        String wanted = name == null ? "" : name.strip();
        return Arrays.stream(values())
                .filter(e -> e.id.equalsIgnoreCase(wanted))
                .findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(SupportedEngine::id).toList();
    }

    /** Every value any engine accepts as its KV cache setting, {@link #AUTO} first, each once. */
    public static List<String> allKvCacheDtypeIds() {
        return Arrays.stream(values())
                .flatMap(e -> e.kvCacheDtypeIds().stream())
                .distinct()
                .toList();
    }
}
