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

        // the canonical ids, then the spellings the service also takes for them
        List<String> aliases = List.of("float", "float32", "float16", "half", "bfloat16", "fp8_e4m3", "fp8_e5m2");
        assertThat(allowed(openApi, "EstimateRequest", "weightDtype"))
                .startsWith(Dtype.ids().toArray())
                .endsWith(aliases.toArray())
                .hasSize(Dtype.ids().size() + aliases.size());
        // auto (the model's activation dtype), then every KV cache format, then their aliases
        assertThat(allowed(openApi, "EstimateRequest", "kvCacheDtype")).first().isEqualTo("auto");
        assertThat(allowed(openApi, "EstimateRequest", "kvCacheDtype"))
                .startsWith(EstimateCommands.kvCacheValues().toArray())
                .containsSubsequence(Dtype.kvCacheIds().toArray())
                .endsWith("bfloat16", "fp8_e4m3", "fp8_e5m2");
        assertThat(allowed(openApi, "EngineRequest", "name")).containsExactly("vllm");
        assertThat(allowed(openApi, "EngineRequest", "kvCacheDtype"))
                .containsExactly("auto", "fp16", "bf16", "fp8", "float16", "half", "bfloat16", "fp8_e4m3", "fp8_e5m2");
        assertThat(allowed(openApi, "Resolved", "attention")).containsExactly("MHA", "GQA", "MQA", "MLA");
        assertThat(allowed(openApi, "Architecture", "attention")).containsExactly("MHA", "GQA", "MQA", "MLA");
        assertThat(allowed(openApi, "WeightPartView", "part"))
                .containsExactly(
                        "embeddings", "attention", "mlp", "experts", "norms", "outputHead", "vision", "unattributed");
        // the KV cache formats are a subset of the weight formats, in the same order
        assertThat(Dtype.ids()).containsSubsequence(Dtype.kvCacheIds());
        assertThat(SupportedEngine.VLLM.kvCacheDtypeIds()).isEqualTo(SupportedEngine.allKvCacheDtypeIds());
    }

    /** An optional request field may be sent as null, so its enum must list null too, whoever ran first. */
    @Test
    void aPropertyThatMayBeNullListsNull() {
        OpenAPI openApi = documentWithEveryProperty();
        Schema<?> engineName = (Schema<?>) openApi.getComponents()
                .getSchemas()
                .get("EngineRequest")
                .getProperties()
                .get("kvCacheDtype");
        engineName.setTypes(new java.util.LinkedHashSet<>(List.of("string", "null")));

        new AllowedValues().customise(openApi);

        assertThat(engineName.getEnum()).first().isEqualTo("auto");
        assertThat(engineName.getEnum()).last().isNull();
        assertThat(allowed(openApi, "EstimateRequest", "weightDtype")).doesNotContainNull();
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
        return new java.util.ArrayList<>(target.getEnum());
    }

    @Test
    void rulesNameDistinctProperties() {
        List<String> keys = AllowedValues.RULES.stream()
                .map(r -> r.schema().getSimpleName() + "." + r.property())
                .toList();
        assertThat(keys).doesNotHaveDuplicates();
    }
}
