package io.gpufit.gpu;

import java.util.List;
import org.springframework.core.io.ResourceLoader;

/** The embedded GPU catalog for tests in other packages. */
public final class GpuCatalogTestSupport {

    /** The ids of gpus.yaml, top to bottom (what GET /gpus lists, in its order). */
    public static final List<String> EMBEDDED_IDS = List.of(
            "p100-pcie-16gb",
            "v100-sxm2-32gb",
            "t4",
            "a10",
            "a10g",
            "l4",
            "a40",
            "rtx-a6000",
            "l40",
            "l40s",
            "rtx-6000-ada",
            "a100-pcie-40gb",
            "a100-sxm4-80gb",
            "h100-pcie-80gb",
            "h100-sxm5-80gb",
            "h20",
            "gh200",
            "h200-sxm-141gb",
            "b200",
            "rtx-3090",
            "rtx-4090",
            "mi250x",
            "mi300x",
            "mi325x");

    private GpuCatalogTestSupport() {}

    /** The profiles of a catalog file, read as the service reads them (a bad field throws, naming it). */
    public static List<GpuProfile> read(ResourceLoader resources, String location) {
        return GpuCatalogConfiguration.read(resources, location);
    }

    public static List<GpuProfile> embedded(ResourceLoader resources) {
        return GpuCatalogConfiguration.read(resources, "classpath:gpus.yaml");
    }
}
