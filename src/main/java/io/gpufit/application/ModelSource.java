package io.gpufit.application;

import io.gpufit.hub.HubConfigFetcher;
import io.gpufit.hub.HubProperties;
import io.gpufit.model.InvalidModelConfigException;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.ModelCatalog;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Finds a model by id: in the catalog, else on the Hugging Face Hub when that fetch is enabled
 * ({@link HubModels}, which keeps the models it reads).
 */
@Component
public class ModelSource {

    private final ModelCatalog catalog;
    private final HubConfigFetcher hub;
    private final HubModels fromHub;

    /**
     * @param properties the Hub settings: the size and time to live of the cache of models read from it
     */
    public ModelSource(ModelCatalog catalog, HubConfigFetcher hub, HubProperties properties) {
        this.catalog = catalog;
        this.hub = hub;
        this.fromHub = new HubModels(hub, properties);
    }

    /**
     * @throws InvalidModelConfigException (field {@code model}) when the id is malformed, or unknown
     *                                     with the Hub fetch off, or its config cannot be counted
     * @throws io.gpufit.hub.HubException  when the Hub fetch fails (502/504)
     */
    ModelArchitecture byId(String id) {
        List<ModelArchitecture> known = catalog.resolve(id);
        if (known.size() == 1) {
            return known.get(0);
        }
        if (known.size() > 1) {
            throw new InvalidModelConfigException("model", id, CatalogModels.ambiguous(known));
        }
        String suggestion = CatalogModels.suggestion(catalog, id);
        if (!HubConfigFetcher.isValidModelId(id)) {
            throw new InvalidModelConfigException(
                    "model",
                    id,
                    "must be a model id org/name (letters, digits, "
                            + "'.', '_', '-'; at most 96 characters each)" + suggestion
                            + "; GET /models lists the catalog");
        }
        if (!hub.enabled()) {
            throw new InvalidModelConfigException(
                    "model",
                    id,
                    "unknown model" + suggestion + "; the Hugging Face Hub fetch is "
                            + "off (gpufit.hub.enabled): paste its config.json as modelConfig, or pick one from GET /models");
        }
        return fromHub.read(id);
    }
}
