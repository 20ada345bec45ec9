package io.gpufit.hub;

import java.time.Duration;

/**
 * Told of every {@link HubConfigFetcher#fetch(String)} that gets past validation, for whoever counts
 * them (the metrics adapter); the defaults do nothing. Called on the request's thread, so an
 * implementation must be quick and must not throw.
 */
public interface HubFetchListener {

    /** Does nothing. */
    HubFetchListener NONE = new HubFetchListener() {};

    /** A model answered from the in-memory cache of parsed models (application.HubModels), without asking the Hub. */
    default void cacheHit() {}

    /**
     * A config.json asked of the Hub (a cache miss), with or without success.
     *
     * @param elapsed how long it took, redirects and reading the body included
     * @param failure what went wrong; null when the config was fetched and parsed
     */
    default void fetched(Duration elapsed, HubException failure) {}
}
