package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.JSON;
import static io.gpufit.model.ShippedConfigs.config;
import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class LlavaNextReaderTest {

    /**
     * Test fixture, not a catalog entry: a granite-vision-3.3-2b-like config (IBM's config.json was
     * not found): the shipped granite-3.1-2b text model, SigLIP at 384, four feature layers and a
     * short pinpoint list.
     */
    static ObjectNode graniteVision() {
        ObjectNode vision = JSON.createObjectNode()
                .put("model_type", "siglip_vision_model")
                .put("hidden_size", 1152)
                .put("intermediate_size", 4304)
                .put("num_hidden_layers", 27)
                .put("num_attention_heads", 16)
                .put("patch_size", 14)
                .put("image_size", 384);
        ObjectNode config = JSON.createObjectNode().put("model_type", "llava_next");
        config.set("text_config", config("ibm-granite--granite-3.1-2b-instruct"));
        config.set("vision_config", vision);
        config.set(
                "vision_feature_layer",
                JSON.createArrayNode().add(-24).add(-20).add(-12).add(-1));
        ArrayNode pinpoints = JSON.createArrayNode();
        pinpoints.add(JSON.createArrayNode().add(384).add(768));
        pinpoints.add(JSON.createArrayNode().add(768).add(768));
        pinpoints.add(JSON.createArrayNode().add(1152).add(384));
        config.set("image_grid_pinpoints", pinpoints);
        return config;
    }

    @Test
    void siglipTowerFourFeatureLayersAndImageNewline() {
        ModelArchitecture llava = read(graniteVision());
        // SigLIP at 384: 411,466,608 (27 layers) + 678,528 (patch) + 27^2 x 1,152 + 2,304 = 412,987,248.
        // Projector: linear_1 2,048 x 4 x 1,152, linear_2 2,048^2, biases 2 x 2,048; image_newline 2,048
        assertThat(llava.inventory().parametersByPart())
                .containsEntry(WeightPart.VISION, 412_987_248L + 9_437_184L + 4_194_304L + 4_096L + 2_048L);
        assertThat(llava.parameters() - llava.inventory().parametersByPart().get(WeightPart.VISION))
                .isEqualTo(2_533_531_648L);
        assertThat(llava.modelType()).isEqualTo("llava_next");
    }

    @Test
    void theProfiledImageIsThePinpointWithTheMostTokens() {
        // 768 x 768: 2 x 2 tiles + the base tile; 27^2 base + 54 x 54 grid + 54 newlines = 3,699
        // (1,152 x 384: 729 + 81 x 27 + 81 = 2,997; 384 x 768: 729 + 27 x 54 + 27 = 2,214)
        assertThat(read(graniteVision()).vision()).isEqualTo(new VisionShape("siglip", 384, 5, 3699));
    }

    @Test
    void aMalformedPinpointIsNamed() {
        ObjectNode config = graniteVision();
        ((ArrayNode) config.get("image_grid_pinpoints"))
                .add(JSON.createArrayNode().add(100));
        assertThatThrownBy(() -> read(config))
                .isInstanceOf(InvalidModelConfigException.class)
                .extracting(e -> ((InvalidModelConfigException) e).field())
                .isEqualTo("modelConfig.image_grid_pinpoints[3]");
    }
}
