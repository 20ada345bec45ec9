package io.gpufit.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.DefaultResourceLoader;

class GpuCatalogTest {

    private static final DefaultResourceLoader RESOURCES = new DefaultResourceLoader();

    private static GpuCatalog embedded() {
        return new GpuCatalog(GpuCatalogConfiguration.read(RESOURCES, "classpath:gpus.yaml"));
    }

    private static GpuCatalog load(String location, String... additional) {
        return new GpuCatalogConfiguration()
                .gpuCatalog(new GpuCatalogProperties(location, List.of(additional)), RESOURCES);
    }

    @Test
    void embeddedCatalogHasTheRequiredProfiles() {
        assertThat(embedded().ids()).containsExactlyElementsOf(GpuCatalogTestSupport.EMBEDDED_IDS);
    }

    @ParameterizedTest(name = "{0}: {1} B ({2})")
    @CsvSource({
        // cuda_total_memory in ../shared/reference/gpus.csv
        "a100-sxm4-80gb, 84987740160, cuda-reported",
        "a100-pcie-40gb, 42405855232, cuda-reported",
        "l4, 23612293120, cuda-reported",
        "l40s, 47576711168, cuda-reported",
        "mi300x, 205822885888, cuda-reported",
        "t4, 15642329088, cuda-reported", // the smaller of the two reported figures
        "h100-sxm5-80gb, 85017755648, cuda-reported", // low end of 85017755648-85045477376
        // '?' in the csv: marketed GB x 10^9
        "p100-pcie-16gb, 16000000000, marketed",
        "a40, 48000000000, marketed",
        "h200-sxm-141gb, 141000000000, marketed",
    })
    void usableMemoryComesFromTheReference(String id, long bytes, String source) {
        GpuProfile gpu = embedded().find(id).orElseThrow();
        assertThat(gpu.usableMemoryBytes()).isEqualTo(bytes);
        assertThat(gpu.usableMemorySource()).isEqualTo(source);
    }

    @Test
    void bf16AndFp8SupportFollowComputeCapability() {
        // gpus.csv: no native BF16 below 8.0 (P100 6.0, V100 7.0, T4 7.5); FP8 needs 8.9+
        GpuCatalog catalog = embedded();
        assertThat(catalog.all().stream().filter(g -> !g.nativeBf16()).map(GpuProfile::id))
                .containsExactlyInAnyOrder("p100-pcie-16gb", "v100-sxm2-32gb", "t4");
        assertThat(catalog.all().stream().filter(GpuProfile::nativeFp8).map(GpuProfile::id))
                .containsExactlyInAnyOrder(
                        "l4",
                        "l40",
                        "l40s",
                        "rtx-6000-ada",
                        "h100-pcie-80gb",
                        "h100-sxm5-80gb",
                        "h20",
                        "gh200",
                        "h200-sxm-141gb",
                        "b200",
                        "rtx-4090",
                        "mi300x",
                        "mi325x");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "P100, p100-pcie-16gb",
        "p100, p100-pcie-16gb",
        "A40, a40",
        "H100, h100-sxm5-80gb",
        "h100-pcie, h100-pcie-80gb",
        "RTX 4090, rtx-4090",
        "rtx_4090, rtx-4090",
        "4090, rtx-4090",
        "' T4 ', t4",
        "A100-80GB, a100-sxm4-80gb",
    })
    void shortNamesResolveCaseInsensitively(String name, String id) {
        assertThat(embedded().resolve(name)).extracting(GpuProfile::id).containsExactly(id);
    }

    @Test
    void ambiguousShortNameReturnsEveryChoice() {
        assertThat(embedded().resolve("A100"))
                .extracting(GpuProfile::id)
                .containsExactly("a100-pcie-40gb", "a100-sxm4-80gb");
        assertThat(embedded().find("A100")).isEmpty();
    }

    @Test
    void unknownNameResolvesToNothing() {
        assertThat(embedded().resolve("x100")).isEmpty();
        assertThat(embedded().resolve(null)).isEmpty();
    }

    @Test
    void operatorFileExtendsAndOverridesTheCatalog() {
        GpuCatalog catalog = load("classpath:gpus.yaml", "classpath:catalogs/extra-gpus.yaml");

        // rtx-3090 is in the embedded catalog now: the operator file replaces it in place
        assertThat(catalog.ids()).hasSize(24).contains("rtx-3090");
        assertThat(catalog.find("a40").orElseThrow().usableMemoryBytes()).isEqualTo(51_527_024_640L);
        assertThat(catalog.find("3090").orElseThrow().id()).isEqualTo("rtx-3090");
    }

    @Test
    void operatorFileCanReplaceTheCatalog() {
        GpuCatalog catalog = load("classpath:catalogs/extra-gpus.yaml");
        assertThat(catalog.ids()).containsExactly("a40", "rtx-3090");
    }

    @Test
    void misspeltFieldStopsStartupNamingTheFile() {
        assertThatThrownBy(() -> load("classpath:catalogs/typo-gpus.yaml"))
                .hasMessageContaining("classpath:catalogs/typo-gpus.yaml")
                .hasMessageContaining("gpus[0].usableMemoryByte");
    }

    @Test
    void missingFieldStopsStartupNamingIt() {
        assertThatThrownBy(() -> load("classpath:catalogs/missing-field-gpus.yaml"))
                .hasMessageContaining("classpath:catalogs/missing-field-gpus.yaml")
                .hasMessageContaining("gpus[0].marketedMemoryGb");
    }

    /**
     * A profile without bandwidth used to load, then fail every estimate on it with a 500 (the speed
     * estimate divides by it) and list null in GET /gpus, where openapi.yaml promises a number.
     */
    @Test
    void profileWithoutBandwidthStopsStartupNamingIt() {
        assertThatThrownBy(() -> load("classpath:catalogs/no-bandwidth-gpus.yaml"))
                .hasMessageContaining("classpath:catalogs/no-bandwidth-gpus.yaml")
                .hasMessageContaining("memoryBandwidthGbps of no-bandwidth is required");
    }

    @Test
    void missingFileStopsStartupNamingTheFile() {
        assertThatThrownBy(() -> load("file:/nonexistent/gpus.yaml")).hasMessageContaining("/nonexistent/gpus.yaml");
    }

    @Test
    void duplicateIdsAreRejected() {
        GpuProfile t4 = embedded().find("t4").orElseThrow();
        assertThatThrownBy(() -> new GpuCatalog(List.of(t4, t4))).hasMessageContaining("'t4' appears twice");
    }
}
