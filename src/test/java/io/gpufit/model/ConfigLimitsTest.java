package io.gpufit.model;

import static io.gpufit.model.ShippedConfigs.config;
import static io.gpufit.model.ShippedConfigs.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Every config is bounded in depth, list length, string length and size before it is read. */
class ConfigLimitsTest {

    private static InvalidModelConfigException refused(ObjectNode config) {
        return catchThrowableOfType(InvalidModelConfigException.class, () -> read(config));
    }

    @Test
    void aListOfMoreThan65536EntriesIsRefusedWhereverItIs() {
        ObjectNode config = config("meta-llama--Llama-3.1-8B");
        ArrayNode list = config.putObject("quantization_config").putArray("ignore");
        for (int i = 0; i < 65_537; i++) {
            list.add("lm_head");
        }

        InvalidModelConfigException e = refused(config);

        assertThat(e.field()).isEqualTo("modelConfig.quantization_config.ignore");
        assertThat(e.rejectedValue()).isEqualTo("65,537 entries");
        assertThat(e.reason()).isEqualTo("a config.json list may have at most 65,536 entries");
    }

    @Test
    void aListOf65536EntriesIsAccepted() {
        ObjectNode config = config("meta-llama--Llama-3.1-8B");
        ArrayNode list = config.putArray("suppress_tokens");
        for (int i = 0; i < 65_536; i++) {
            list.add(i);
        }

        assertThat(read(config).parameters())
                .isEqualTo(read("meta-llama--Llama-3.1-8B").parameters());
    }

    @Test
    void aLongStringIsRefusedWithoutEchoingIt() {
        ObjectNode config = config("meta-llama--Llama-3.1-8B");
        config.putArray("architectures").add("x".repeat(65_537));

        InvalidModelConfigException e = refused(config);

        assertThat(e.field()).isEqualTo("modelConfig.architectures[0]");
        assertThat(e.rejectedValue()).isEqualTo("a string of 65,537 characters");
        assertThat(e.reason()).isEqualTo("a config.json string may have at most 65,536 characters");
    }

    @Test
    void aLongFieldNameIsRefused() {
        ObjectNode config = config("meta-llama--Llama-3.1-8B");
        config.putObject("rope_scaling").put("y".repeat(65_537), 1);

        InvalidModelConfigException e = refused(config);

        assertThat(e.field()).isEqualTo("modelConfig.rope_scaling");
        assertThat(e.rejectedValue()).isEqualTo("a field name of 65,537 characters");
    }

    @Test
    void nestingDeeperThan32LevelsIsRefused() {
        ObjectNode config = config("meta-llama--Llama-3.1-8B");
        // the config is level 1, each "a" one more: level 32 is accepted, 33 is not
        ObjectNode deepest = config;
        StringBuilder path = new StringBuilder("modelConfig");
        for (int level = 2; level <= 33; level++) {
            deepest = deepest.putObject("a");
            path.append(".a");
        }
        assertThat(refused(config).field()).isEqualTo(path.toString());
        assertThat(refused(config).reason()).contains("at most 32 levels deep");

        ObjectNode shallower = config("meta-llama--Llama-3.1-8B");
        ObjectNode level = shallower;
        for (int depth = 2; depth <= 32; depth++) {
            level = level.putObject("a");
        }
        assertThatCode(() -> read(shallower)).doesNotThrowAnyException();
    }

    @Test
    void moreThan262144ValuesAreRefused() {
        ObjectNode config = config("meta-llama--Llama-3.1-8B");
        // four lists of 65,536 numbers: 262,144 values beside the config's own
        for (int i = 0; i < 4; i++) {
            ArrayNode list = config.putArray("list" + i);
            for (int j = 0; j < 65_536; j++) {
                list.add(j);
            }
        }

        InvalidModelConfigException e = refused(config);

        assertThat(e.field()).isEqualTo("modelConfig");
        assertThat(e.rejectedValue()).isEqualTo("more than 262,144 values");
    }
}
