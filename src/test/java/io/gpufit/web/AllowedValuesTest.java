package io.gpufit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpufit.application.EstimateCommands;
import io.gpufit.application.SupportedEngine;
import io.gpufit.estimate.Dtype;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The enum lists of the OpenAPI document come from the Java enums, with no server. */
class AllowedValuesTest {

    @Test
    void fillsEachNamedPropertyFromItsEnum() {
        OpenAPI openApi = documentWithEveryProperty();

        new AllowedValues().customise(openApi);

        assertThat(allowed(openApi, "EstimateRequest", "weightDtype")).isEqualTo(Dtype.ids());
        // auto (the model's activation dtype), then every KV cache format
        assertThat(allowed(openApi, "EstimateRequest", "kvCacheDtype")).first().isEqualTo("auto");
        assertThat(allowed(openApi, "EstimateRequest", "kvCacheDtype"))
                .isEqualTo(EstimateCommands.kvCacheValues())
                .endsWith(Dtype.kvCacheIds().toArray(String[]::new));
        assertThat(allowed(openApi, "EngineRequest", "name")).containsExactly("vllm");
        assertThat(allowed(openApi, "EngineRequest", "kvCacheDtype")).containsExactly("auto", "fp16", "bf16", "fp8");
        assertThat(allowed(openApi, "Resolved", "attention")).containsExactly("MHA", "GQA", "MQA", "MLA");
        assertThat(allowed(openApi, "Architecture", "attention")).containsExactly("MHA", "GQA", "MQA", "MLA");
        assertThat(allowed(openApi, "WeightPartView", "part"))
                .containsExactly(
                        "embeddings", "attention", "mlp", "experts", "norms", "outputHead", "vision", "unattributed");
        // the KV cache formats are a subset of the weight formats, in the same order
        assertThat(Dtype.ids()).containsSubsequence(Dtype.kvCacheIds());
        assertThat(SupportedEngine.VLLM.kvCacheDtypeIds()).isEqualTo(SupportedEngine.allKvCacheDtypeIds());
    }

    @Test
    void aPropertyThatIsGoneFailsLoudly() {
        OpenAPI openApi = documentWithEveryProperty();
        openApi.getComponents()
                .getSchemas()
                .get("EngineRequest")
                .getProperties()
                .remove("kvCacheDtype");

        assertThatThrownBy(() -> new AllowedValues().customise(openApi))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kvCacheDtype")
                .hasMessageContaining("EngineRequest");
    }

    private static OpenAPI documentWithEveryProperty() {
        Components components = new Components();
        for (AllowedValues.Rule rule : AllowedValues.RULES) {
            String name = rule.schema().getSimpleName();
            if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
                components.addSchemas(name, new ObjectSchema());
            }
            components.getSchemas().get(name).addProperty(rule.property(), new StringSchema());
        }
        return new OpenAPI().components(components);
    }

    private static List<Object> allowed(OpenAPI openApi, String schema, String property) {
        Schema<?> target = (Schema<?>)
                openApi.getComponents().getSchemas().get(schema).getProperties().get(property);
        return List.copyOf(target.getEnum());
    }

    @Test
    void rulesNameDistinctProperties() {
        List<String> keys = AllowedValues.RULES.stream()
                .map(r -> r.schema().getSimpleName() + "." + r.property())
                .toList();
        assertThat(keys).doesNotHaveDuplicates();
    }
}
