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

    /**
     * The model with this id (case-insensitive), or the only one with this name when the
     * organisation is left out ({@code Llama-3.1-8B}); empty when the catalog has none or several.
     */
    public Optional<CatalogModel> find(String id) {
        List<ModelArchitecture> matches = catalog.resolve(id);
        return matches.size() == 1 ? Optional.of(figures(matches.get(0))) : Optional.empty();
    }

    /** Why {@code id} names no single model: ambiguous (the candidates), or unknown (the closest ids). */
    public String notFound(String id) {
        List<ModelArchitecture> matches = catalog.resolve(id);
        if (matches.size() > 1) {
            return ambiguous(matches);
        }
        return "no model '" + id + "' in the catalog" + suggestion(catalog, id) + "; GET /models lists them";
    }

    static String ambiguous(List<ModelArchitecture> matches) {
        return "ambiguous model name; choose one of: "
                + String.join(
                        ", ", matches.stream().map(ModelArchitecture::modelId).toList());
    }

    /** "; did you mean ...?" with the closest catalog ids, or nothing when none comes close. */
    static String suggestion(ModelCatalog catalog, String id) {
        List<String> close = Suggestions.closest(id, catalog.namesById(), Suggestions::lowerCase);
        return close.isEmpty() ? "" : "; " + Suggestions.didYouMean(close);
    }

    private static CatalogModel figures(ModelArchitecture model) {
        return new CatalogModel(model, KvCacheSizes.bf16BytesPerToken(model));
    }
}
