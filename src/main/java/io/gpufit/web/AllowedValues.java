package io.gpufit.web;

import io.gpufit.application.EstimateCommands;
import io.gpufit.application.SupportedEngine;
import io.gpufit.estimate.Dtype;
import io.gpufit.model.AttentionType;
import io.gpufit.model.WeightPart;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Fills the {@code enum} of the string properties whose values a Java enum defines, so the
 * published contract follows the code: a new format or engine changes the served OpenAPI document
 * (and fails the drift test until {@code openapi.yaml} says the same). A format is listed with its
 * aliases ({@code bf16, bfloat16}), which the service takes as that format: a client or proxy that
 * validates requests against the document must let them through. The service also ignores case and
 * reads a hyphen as an underscore, which the descriptions say and no {@code enum} can.
 */
@Component
class AllowedValues implements OpenApiCustomizer {

    /** A string property of a component schema, and the values it takes. */
    record Rule(Class<?> schema, String property, List<String> values) {}

    static final List<Rule> RULES = List.of(
            new Rule(EstimateRequest.class, "weightDtype", withAliases(Dtype.ids())),
            new Rule(EstimateRequest.class, "kvCacheDtype", withAliases(EstimateCommands.kvCacheValues())),
            new Rule(EngineRequest.class, "name", SupportedEngine.ids()),
            new Rule(EngineRequest.class, "kvCacheDtype", withAliases(SupportedEngine.allKvCacheDtypeIds())),
            new Rule(EstimateResponse.Resolved.class, "attention", names(AttentionType.values())),
            new Rule(ModelView.Architecture.class, "attention", names(AttentionType.values())),
            new Rule(
                    ModelView.WeightPartView.class,
                    "part",
                    Arrays.stream(WeightPart.values()).map(WeightPart::id).toList()));

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        for (Rule rule : RULES) {
            Schema schema = schemas == null ? null : schemas.get(rule.schema().getSimpleName());
            Object property = schema == null || schema.getProperties() == null
                    ? null
                    : schema.getProperties().get(rule.property());
            if (!(property instanceof Schema<?> target)) {
                throw new IllegalStateException("no property " + rule.property() + " in the OpenAPI schema "
                        + rule.schema().getSimpleName() + " to list the allowed values of");
            }
            List<Object> values = new ArrayList<>(rule.values());
            if (target.getTypes() != null && target.getTypes().contains("null")) {
                // a field that may be null (RecordSchemas) lists null among its values too
                values.add(null);
            }
            ((Schema<Object>) target).setEnum(values);
        }
    }

    /** Each id, then the aliases of the formats among them ({@code fp8}: fp8_e4m3, fp8_e5m2). */
    static List<String> withAliases(List<String> ids) {
        List<String> values = new ArrayList<>(ids);
        for (String id : ids) {
            Dtype.fromId(id).filter(d -> d.id().equals(id)).ifPresent(d -> values.addAll(d.aliases()));
        }
        return List.copyOf(values);
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
