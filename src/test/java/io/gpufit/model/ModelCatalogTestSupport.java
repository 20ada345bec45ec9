package io.gpufit.model;

import java.util.List;

/** The shipped model catalog for tests and benchmarks in other packages. */
public final class ModelCatalogTestSupport {

    private ModelCatalogTestSupport() {}

    public static List<ModelArchitecture> shipped() {
        return ModelCatalogConfiguration.load(List.of("classpath:models/*.json"));
    }
}
