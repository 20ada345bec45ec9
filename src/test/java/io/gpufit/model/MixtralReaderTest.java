package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MixtralReaderTest {

    @Test
    void activeParametersCountOnlyTheRoutedExpertsUsed() {
        // Mixtral 8x7B: 2 of 8 experts; each expert 3 x 4,096 x 14,336 = 176,160,768 params per layer;
        // 6 unused x 32 layers x 176,160,768 = 33,822,867,456 fewer: 46,702,792,704 - that = 12,879,925,248
        assertThat(read("mistralai--Mixtral-8x7B-v0.1").activeParameters()).isEqualTo(12_879_925_248L);
    }

    @Test
    void everyLayerRoutesToExpertsOfTheIntermediateSize() {
        assertThat(read("mistralai--Mixtral-8x7B-v0.1").moe()).isEqualTo(new MoeShape(8, 2, 0, 14_336));
    }
}
