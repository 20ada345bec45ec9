package io.gpufit.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.DefaultResourceLoader;

/** The names schedulers hold (nvidia-smi, GPU Feature Discovery) and people type, against the embedded catalog. */
class GpuNamesTest {

    private final GpuCatalog catalog =
            new GpuCatalog(GpuCatalogConfiguration.read(new DefaultResourceLoader(), "classpath:gpus.yaml"));

    @ParameterizedTest
    @CsvSource({
        // nvidia-smi / torch.cuda.get_device_name (gpus.csv device_name_reported)
        "NVIDIA H100 80GB HBM3, h100-sxm5-80gb",
        "NVIDIA H100 PCIe, h100-pcie-80gb",
        "NVIDIA A100-SXM4-80GB, a100-sxm4-80gb",
        "NVIDIA A100-PCIE-40GB, a100-pcie-40gb",
        "Tesla T4, t4",
        "Tesla V100-SXM2-32GB, v100-sxm2-32gb",
        "NVIDIA GeForce RTX 4090, rtx-4090",
        "NVIDIA A10G, a10g",
        "NVIDIA RTX A6000, rtx-a6000",
        "NVIDIA RTX 6000 Ada Generation, rtx-6000-ada",
        "NVIDIA GH200 480GB, gh200",
        "AMD Instinct MI300X, mi300x",
        "AMD Instinct MI250X, mi250x",
        // GPU Feature Discovery's nvidia.com/gpu.product label: dashes for spaces
        "NVIDIA-H100-80GB-HBM3, h100-sxm5-80gb",
        "NVIDIA-A100-SXM4-80GB, a100-sxm4-80gb",
        "Tesla-T4, t4",
        "NVIDIA-GeForce-RTX-4090, rtx-4090",
        // what people type
        "H100-80GB, h100-sxm5-80gb",
        "h100 80gb, h100-sxm5-80gb",
        "GeForce RTX 4090, rtx-4090",
        "rtx 4090, rtx-4090",
        "NVIDIA T4, t4",
        "l40, l40",
        "L40S, l40s",
        "MI325X, mi325x",
        "h20, h20",
        "RTX 3090, rtx-3090",
        "A6000, rtx-a6000"
    })
    void resolvesProductAndTypedNames(String name, String id) {
        assertThat(catalog.resolve(name)).extracting(GpuProfile::id).containsExactly(id);
    }

    @ParameterizedTest
    @CsvSource({"A100", "NVIDIA A100", "a100"})
    void a100StaysAmbiguous(String name) {
        assertThat(catalog.resolve(name))
                .extracting(GpuProfile::id)
                .containsExactly("a100-pcie-40gb", "a100-sxm4-80gb");
    }

    @ParameterizedTest
    @CsvSource({"NVIDIA", "H100 80GB PCIe SXM", "''"})
    void unknownNamesResolveToNothing(String name) {
        assertThat(catalog.resolve(name)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "NVIDIA-A100-SXM4-80GB, a100sxm480gb",
        "Tesla T4, t4",
        "AMD Instinct MI300X, mi300x",
        "  GeForce_RTX 4090 , rtx4090"
    })
    void keyDropsCaseSeparatorsAndVendorWords(String name, String key) {
        assertThat(GpuCatalog.key(name)).isEqualTo(key);
    }
}
