package io.gpufit.gpu;

import java.util.List;
import org.springframework.core.io.ResourceLoader;

/** The embedded GPU catalog for tests in other packages. */
public final class GpuCatalogTestSupport {

    private GpuCatalogTestSupport() {}

    public static List<GpuProfile> embedded(ResourceLoader resources) {
        return GpuCatalogConfiguration.read(resources, "classpath:gpus.yaml");
    }
}
