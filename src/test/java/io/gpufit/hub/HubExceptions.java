package io.gpufit.hub;

/** Hub failures for tests outside this package (the factories are package-private). */
public final class HubExceptions {

    private HubExceptions() {}

    /** A 502, as for a refused or malformed fetch. */
    public static HubException badGateway(String modelId) {
        return HubException.badGateway(modelId, "The Hub answered HTTP 500 for " + modelId + "'s config.json.");
    }

    /** A 504, as for a fetch that timed out. */
    public static HubException timeout(String modelId) {
        return HubException.timeout(modelId, "The Hub did not answer for " + modelId + " in time.", null);
    }
}
