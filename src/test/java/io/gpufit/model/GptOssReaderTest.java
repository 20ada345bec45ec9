package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GptOssReaderTest {

    @Test
    void activeParametersCountFourOfThirtyTwoExperts() {
        // gpt-oss-20b: 4 of 32 experts; the card's 3.61B (3,608,307,264) active excludes the input
        // embedding (201,088 x 2,880 = 579,133,440), which a token does read: 3,608,307,264 + 579,133,440
        assertThat(read("openai--gpt-oss-20b").activeParameters()).isEqualTo(4_187_440_704L);
    }

    @Test
    void layerTypesAlternateSlidingAndFullLayers() {
        ModelArchitecture oss = read("openai--gpt-oss-20b");
        assertThat(oss.kvLayout().slidingLayers()).isEqualTo(12);
        assertThat(oss.kvLayout().slidingWindow()).isEqualTo(128);
    }

    @Test
    void mxfp4QuantizesTheExpertsOnly() {
        ModelArchitecture oss = read("openai--gpt-oss-20b");
        QuantizationSpec mxfp4 = oss.quantization();
        assertThat(mxfp4.format()).isEqualTo("mxfp4");
        TensorGroup attention = oss.inventory().tensors().stream()
                .filter(g -> g.name().contains("q_proj.weight"))
                .findFirst()
                .orElseThrow();
        TensorGroup experts = oss.inventory().tensors().stream()
                .filter(g -> g.name().endsWith("experts.down_proj"))
                .findFirst()
                .orElseThrow();
        assertThat(mxfp4.keepsUnquantized(attention)).isTrue();
        assertThat(mxfp4.keepsUnquantized(experts)).isFalse();
    }
}
