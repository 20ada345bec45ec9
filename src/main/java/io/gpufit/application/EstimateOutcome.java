package io.gpufit.application;

import io.gpufit.estimate.EstimateOverflowException;
import io.gpufit.hub.HubException;
import io.gpufit.model.InvalidModelConfigException;

/** What came of one estimate, as {@link EstimationListener} is told. */
public enum EstimateOutcome {
    /** Estimated, and a GPU was recommended. */
    FITS("fits"),
    /** Estimated, and no candidate GPU fits. */
    NO_FIT("no_fit"),
    /** The input was refused (400 invalid-request). */
    INVALID("invalid"),
    /** A byte count would not fit in 64 bits (400 estimate-too-large). */
    TOO_LARGE("too_large"),
    /** The model's config.json could not be fetched from the Hub (502 or 504). */
    HUB_UNAVAILABLE("hub_unavailable"),
    /** Anything else: a bug. */
    ERROR("error");

    private final String id;

    EstimateOutcome(String id) {
        this.id = id;
    }

    /** The name used in metrics, e.g. {@code no_fit}. */
    public String id() {
        return id;
    }

    /** The outcome a failed estimate stands for. */
    static EstimateOutcome of(RuntimeException failure) {
        if (failure instanceof InvalidInputException || failure instanceof InvalidModelConfigException) {
            return INVALID;
        }
        if (failure instanceof EstimateOverflowException) {
            return TOO_LARGE;
        }
        if (failure instanceof HubException) {
            return HUB_UNAVAILABLE;
        }
        return ERROR;
    }
}
