package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.config;
import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class Phi3ReaderTest {

    @Test
    void fusedProjectionsCountAsSeparateOnes() {
        ObjectNode asLlama = config("microsoft--Phi-3-mini-4k-instruct");
        asLlama.put("model_type", "llama");
        assertThat(read("microsoft--Phi-3-mini-4k-instruct").parameters())
                .isEqualTo(read(asLlama).parameters());
    }

    @Test
    void qkvAndGateUpAreOneTensorEach() {
        ModelArchitecture phi3 = read("microsoft--Phi-3-mini-4k-instruct");
        // head_dim 3,072 / 32 = 96; 32 query heads and 32 key and value heads: 96 x 96 = 9,216 rows
        assertThat(phi3.inventory().tensors())
                .filteredOn(g -> g.role() == TensorRole.ATTENTION_QKV)
                .singleElement()
                .extracting(TensorGroup::rows, TensorGroup::columns, TensorGroup::copies)
                .containsExactly(9_216L, 3_072L, 32L);
        // gate and up: 2 x 8,192 rows
        assertThat(phi3.inventory().tensors())
                .filteredOn(g -> g.role() == TensorRole.MLP_GATE_UP)
                .singleElement()
                .extracting(TensorGroup::rows)
                .isEqualTo(16_384L);
    }
}
