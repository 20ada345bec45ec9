package io.gpufit.hub;

/**
 * The Hub fetch of a model's {@code config.json} failed. {@link #status()} is the HTTP status the
 * service should answer with: 502 when the Hub refused, could not be reached, answered with an
 * error or with something that is not a usable {@code config.json} (or when the fetch is disabled),
 * 504 when it did not answer in time. The message says what went wrong and that the caller can
 * paste the {@code config.json} as {@code "modelConfig"} instead; it never contains the token.
 */
public class HubException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The upstream failed or answered something unusable. */
    static final int BAD_GATEWAY = 502;
    /** The upstream did not answer in time. */
    static final int GATEWAY_TIMEOUT = 504;

    static final String PASTE_HINT = "You can paste the model's config.json as \"modelConfig\" in the request instead.";

    private final int status;
    private final String modelId;

    HubException(int status, String modelId, String problem, Throwable cause) {
        super(problem + " " + PASTE_HINT, cause);
        this.status = status;
        this.modelId = modelId;
    }

    static HubException badGateway(String modelId, String problem) {
        return new HubException(BAD_GATEWAY, modelId, problem, null);
    }

    static HubException badGateway(String modelId, String problem, Throwable cause) {
        return new HubException(BAD_GATEWAY, modelId, problem, cause);
    }

    static HubException timeout(String modelId, String problem, Throwable cause) {
        return new HubException(GATEWAY_TIMEOUT, modelId, problem, cause);
    }

    /**
     * The HTTP status to answer with.
     *
     * @return 502 (Hub refused, unreachable, or answered something malformed; or fetch disabled)
     *         or 504 (timeout)
     */
    public int status() {
        return status;
    }

    /**
     * The model id whose {@code config.json} was asked for.
     *
     * @return the id as the caller gave it (already validated: {@code org/name})
     */
    public String modelId() {
        return modelId;
    }
}
