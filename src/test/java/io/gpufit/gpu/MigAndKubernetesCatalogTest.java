package io.gpufit.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.DefaultResourceLoader;

/** The catalog's Kubernetes labels and MIG profiles (issue 13), against the sources gpus.yaml cites. */
class MigAndKubernetesCatalogTest {

    private static final DefaultResourceLoader RESOURCES = new DefaultResourceLoader();
    private static final long MIB = 1L << 20;

    private static List<GpuProfile> embedded() {
        return GpuCatalogConfiguration.read(RESOURCES, "classpath:gpus.yaml");
    }

    private static GpuProfile gpu(String id) {
        return embedded().stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
    }

    /**
     * Every slice fits its GPU (only a slice that is the whole GPU may reach its usable memory), is a
     * whole number of MiB (or capped at the GPU's figure), and its fractions are the guide's: eighths of
     * memory, sevenths of SMs matching the profile's "Ng", and maxInstances of them fit on one GPU.
     */
    @Test
    void everyMigProfileFitsItsGpuAndItsFractionsAreSane() {
        int profiles = 0;
        for (GpuProfile gpu : embedded()) {
            long previous = 0;
            for (MigProfile mig : gpu.migProfiles()) {
                String what = gpu.id() + " " + mig.name();
                profiles++;
                if (mig.wholeGpu()) {
                    assertThat(mig.memoryBytes()).as(what).isLessThanOrEqualTo(gpu.usableMemoryBytes());
                } else {
                    assertThat(mig.memoryBytes()).as(what).isLessThan(gpu.usableMemoryBytes());
                }
                assertThat(mig.memoryBytes() % MIB == 0 || mig.memoryBytes() == gpu.usableMemoryBytes())
                        .as(what + " in whole MiB")
                        .isTrue();
                assertThat(mig.memoryFraction()).as(what).endsWith("/8");
                assertThat(mig.computeFraction()).as(what).isEqualTo(mig.name().charAt(0) + "/7");
                assertThat(mig.memoryShare().multiply(BigDecimal.valueOf(mig.maxInstances())))
                        .as(what + ": maxInstances x memory")
                        .isLessThanOrEqualTo(BigDecimal.ONE);
                assertThat(mig.computeShare().multiply(BigDecimal.valueOf(mig.maxInstances())))
                        .as(what + ": maxInstances x SMs")
                        .isLessThanOrEqualTo(new BigDecimal("1.000000000000001"));
                if (mig.mediaExtensions()) {
                    assertThat(mig.maxInstances()).as(what).isEqualTo(1);
                }
                // the size in the name is GB; the slice holds 85% to 100% of it in GiB
                long named = Long.parseLong(mig.name().replaceAll("^\\dg\\.(\\d+)gb.*$", "$1"));
                double gib = (double) mig.memoryBytes() / (1L << 30);
                assertThat(gib).as(what + " GiB").isBetween(0.85 * named, (double) named);
                assertThat(mig.memoryBytes()).as(what + ": smallest first").isGreaterThanOrEqualTo(previous);
                previous = mig.memoryBytes();
            }
        }
        assertThat(profiles).isEqualTo(7 + 6 + 7 + 7 + 7 + 7 + 4);
    }

    @Test
    void theGpusWithMigAreTheOnesTheGuideListsWithKnownSizes() {
        assertThat(embedded().stream().filter(g -> !g.migProfiles().isEmpty()).map(GpuProfile::id))
                .containsExactly(
                        "a100-pcie-40gb",
                        "a100-sxm4-80gb",
                        "h100-pcie-80gb",
                        "h100-sxm5-80gb",
                        "gh200",
                        "h200-sxm-141gb",
                        "b200");
    }

    @ParameterizedTest(name = "{0} {1}: {2} MiB")
    @CsvSource({
        // nvidia-smi's MIG device table on an A100 80GB PCIe (kata-containers docs), nvitop#8
        "a100-sxm4-80gb, 1g.10gb, 9728",
        "a100-sxm4-80gb, 2g.20gb, 19968",
        "a100-sxm4-80gb, 3g.40gb, 40192",
        // GPU Feature Discovery's mig-<profile>.memory on an H100 80GB HBM3 (cloud-native-docs)
        "h100-sxm5-80gb, 1g.10gb, 9984",
        "h100-sxm5-80gb, 2g.20gb, 20096",
        "h100-sxm5-80gb, 3g.40gb, 40320",
        "h100-pcie-80gb, 1g.10gb, 9984",
        // GFD's mig-1g.5gb.memory on an A100-PCIE-40GB (Mellanox/network-operator#211)
        "a100-pcie-40gb, 1g.5gb, 4864",
        // nvidia-smi mig -lgip GiB x 1024: 9.62 (the guide prints 1/8, the slice holds 2/8), 16.00, 11.00, 20.50
        "a100-pcie-40gb, 1g.10gb, 9850",
        "h200-sxm-141gb, 1g.18gb, 16384",
        "gh200, 1g.12gb, 11264",
        "b200, 1g.23gb, 20992",
    })
    void sliceSizesAreTheDriverReportedOnes(String id, String profile, long mib) {
        MigProfile mig = gpu(id).migProfile(profile).orElseThrow();
        assertThat(mig.memoryBytes()).isEqualTo(mib * MIB);
    }

    @Test
    void fractionsContradictedByMeasuredSizesFollowTheMeasurement() {
        // printed 1/8 (A100 40GB) and 1/4 (H100), but the slice is as large as the 2g one beside it
        assertThat(gpu("a100-pcie-40gb").migProfile("1g.10gb").orElseThrow().memoryFraction())
                .isEqualTo("2/8");
        assertThat(gpu("h100-sxm5-80gb").migProfile("1g.20gb").orElseThrow().memoryFraction())
                .isEqualTo("2/8");
        // no driver-reported size: left out
        assertThat(gpu("a100-sxm4-80gb").migProfile("1g.20gb")).isEmpty();
        assertThat(gpu("b200").migProfile("3g.90gb")).isEmpty();
        assertThat(gpu("h20").migProfiles()).isEmpty();
    }

    @Test
    void migResourcesFollowTheMixedStrategy() {
        MigProfile media = gpu("a100-sxm4-80gb").migProfile("1g.10gb+me").orElseThrow();
        assertThat(media.kubernetesResource()).isEqualTo("nvidia.com/mig-1g.10gb.me");
        assertThat(media.mediaExtensions()).isTrue();
    }

    /**
     * GPU Feature Discovery's nvidia.com/gpu.product is the driver's device name with every character
     * outside [A-Za-z0-9-_. ] removed and the whitespace-separated fields joined with dashes
     * (k8s-device-plugin internal/lm/resource.go): each NVIDIA profile's label follows from its product name.
     */
    @Test
    void nvidiaNodeLabelsAreTheProductNamesAsGpuFeatureDiscoveryWritesThem() {
        List<GpuProfile> nvidia =
                embedded().stream().filter(g -> g.vendor().equals("NVIDIA")).toList();
        assertThat(nvidia).hasSize(21);
        for (GpuProfile gpu : nvidia) {
            String name = gpu.productNames().get(0).replaceAll("[^A-Za-z0-9\\-_. ]", "");
            String label = String.join("-", name.trim().split("\\s+"));
            assertThat(gpu.kubernetes().resource()).as(gpu.id()).isEqualTo("nvidia.com/gpu");
            assertThat(gpu.kubernetes().nodeSelector())
                    .as(gpu.id())
                    .containsExactly(entry("nvidia.com/gpu.product", label));
        }
        assertThat(gpu("t4").kubernetes().nodeSelector()).containsEntry("nvidia.com/gpu.product", "Tesla-T4");
        assertThat(gpu("h100-sxm5-80gb").kubernetes().nodeSelector())
                .containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
    }

    @Test
    void amdGpusHaveAmdsResourceAndOnlyTheConfirmedLabel() {
        Map<String, Map<String, String>> selectors = embedded().stream()
                .filter(g -> g.vendor().equals("AMD"))
                .collect(Collectors.toMap(GpuProfile::id, g -> g.kubernetes().nodeSelector()));
        assertThat(selectors)
                .containsOnly(
                        entry("mi250x", Map.of()),
                        entry("mi300x", Map.of("amd.com/gpu.product-name", "AMD_Instinct_MI300X_OAM")),
                        entry("mi325x", Map.of()));
        assertThat(gpu("mi300x").kubernetes().resource()).isEqualTo("amd.com/gpu");
    }

    @Test
    void aCatalogFileWithoutTheBlocksGetsTheVendorsResourceAndNoSlices() {
        GpuProfile a40 = GpuCatalogConfiguration.read(RESOURCES, "classpath:catalogs/extra-gpus.yaml")
                .get(0);
        assertThat(a40.kubernetes().resource()).isEqualTo("nvidia.com/gpu");
        assertThat(a40.kubernetes().nodeSelector()).isEmpty();
        assertThat(a40.migProfiles()).isEmpty();
    }

    @Test
    void aSliceLargerThanItsGpuStopsStartup() {
        assertThatThrownBy(() -> GpuCatalogConfiguration.read(RESOURCES, "classpath:catalogs/bad-mig-gpus.yaml"))
                .hasMessageContaining("classpath:catalogs/bad-mig-gpus.yaml")
                .hasMessageContaining("MIG profile 1g.20gb of big-slice has more memory");
    }

    /** A slice as a process sees it: its memory, and its fractions of bandwidth and compute. */
    @Test
    void aSliceProfileHasItsShareOfTheGpu() {
        GpuProfile a100 = gpu("a100-sxm4-80gb");
        GpuProfile slice = a100.slice(a100.migProfile("1g.10gb").orElseThrow());
        assertThat(slice.id()).isEqualTo("a100-sxm4-80gb");
        assertThat(slice.name()).isEqualTo("NVIDIA A100 SXM4 80GB MIG 1g.10gb");
        assertThat(slice.usableMemoryBytes()).isEqualTo(9728 * MIB);
        // 2,039 GB/s x 1/8; 312 TFLOPS x 1/7
        assertThat(slice.memoryBandwidthGbps()).isEqualByComparingTo("254.875");
        assertThat(slice.fp16Tflops()).isEqualByComparingTo("44.57142857142857");
        assertThat(slice.pricePerHourUsd()).isNull();
        assertThat(slice.migProfiles()).isEmpty();
    }
}
