package io.gpufit.application;

import io.gpufit.estimate.KvCacheSizes;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.model.ModelCatalog;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The model catalog with its figures in BF16. */
@Component
public class CatalogModels {

    private final ModelCatalog catalog;

    public CatalogModels(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** Every catalog model, in catalog order. */
    public List<CatalogModel> all() {
        return catalog.all().stream().map(CatalogModels::figures).toList();
    }

    /** The model with this id (case-insensitive); empty when the catalog has none. */
    public Optional<CatalogModel> find(String id) {
        return catalog.find(id).map(CatalogModels::figures);
    }

    private static CatalogModel figures(ModelArchitecture model) {
        return new CatalogModel(model, KvCacheSizes.bf16BytesPerToken(model));
    }
}
