package io.gpufit.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.gpufit.hub.HubConfigFetcher;
import io.gpufit.hub.HubProperties;
import io.gpufit.model.InvalidModelConfigException;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.ModelConfigReader;
import java.util.Locale;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * Models read from the Hugging Face Hub, kept as read rather than as JSON: a bounded, expiring
 * in-memory cache ({@code gpufit.hub.cache-size}, {@code cache-ttl}) keyed by the lower-cased id
 * (the Hub's ids ignore case) and the revision fetched, so that repeated requests for a model
 * neither fetch nor parse its {@code config.json} again. Failures (the Hub's, or a config that
 * cannot be counted) are not cached. Thread-safe.
 */
final class HubModels {

    private final HubConfigFetcher hub;
    /** Null when {@code cacheSize} is 0. */
    private final Cache<HubModel, ModelArchitecture> cache;

    private final BiFunction<JsonNode, String, ModelArchitecture> reader;

    HubModels(HubConfigFetcher hub, HubProperties properties) {
        this(hub, properties, Ticker.systemTicker(), ModelConfigReader::read);
    }

    /** With a clock for the cache's expiry, and the config reader (to count parses), for tests. */
    HubModels(
            HubConfigFetcher hub,
            HubProperties properties,
            Ticker ticker,
            BiFunction<JsonNode, String, ModelArchitecture> reader) {
        this.hub = hub;
        this.reader = reader;
        this.cache = properties.cacheSize() == 0
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(properties.cacheSize())
                        .expireAfterWrite(properties.cacheTtl())
                        .ticker(ticker)
                        .executor(Runnable::run)
                        .build();
    }

    /**
     * The model {@code id} names on the Hub, named {@code id} as asked for (whatever its case).
     *
     * @param id a valid Hub model id ({@link HubConfigFetcher#isValidModelId})
     * @throws InvalidModelConfigException (field {@code model}) when its config cannot be counted
     * @throws io.gpufit.hub.HubException  when the Hub fetch fails (502/504)
     */
    ModelArchitecture read(String id) {
        HubModel key = new HubModel(id.toLowerCase(Locale.ROOT), HubConfigFetcher.REVISION);
        ModelArchitecture cached = cache == null ? null : cache.getIfPresent(key);
        if (cached != null) {
            hub.listener().cacheHit();
            return id.equals(cached.modelId()) ? cached : cached.withModelId(id);
        }
        // Not loaded inside the cache: a fetch takes up to the Hub's timeouts, and a loading
        // Caffeine entry would hold a lock that long.
        ModelArchitecture model = fetchAndRead(id);
        if (cache != null) {
            cache.put(key, model);
        }
        return model;
    }

    private ModelArchitecture fetchAndRead(String id) {
        try {
            return reader.apply(hub.fetch(id), "model").withModelId(id);
        } catch (InvalidModelConfigException e) {
            throw new InvalidModelConfigException(
                    "model", id, "the Hub's config.json for it cannot be counted: " + e.getMessage());
        }
    }

    /** A model on the Hub: its lower-cased id and the revision fetched. */
    private record HubModel(String id, String revision) {}
}
