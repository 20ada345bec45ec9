package io.gpufit.model;

import java.util.List;
import java.util.Set;

/**
 * Reads the {@code config.json} of one model family. {@link FamilyReaders} is the one place that
 * maps {@code model_type} values to readers.
 */
interface FamilyReader {

    /** The {@code model_type} values (lower case) this reader counts; {@link ModelConfigReader#FAMILIES} lists them. */
    Set<String> modelTypes();

    /** Older names of the family: read alike, but not listed as families of their own. */
    default Set<String> aliases() {
        return Set.of();
    }

    /**
     * @param config    the config, its fields named by their path in the request
     * @param modelType its {@code model_type} in lower case; empty when missing
     * @param notes     what the reading assumed or could not count, for the caller; readers add to it
     */
    ModelArchitecture read(ConfigFields config, String modelType, List<String> notes);
}
