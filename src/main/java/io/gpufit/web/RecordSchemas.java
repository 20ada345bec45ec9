package io.gpufit.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Writes into the OpenAPI document what the records say about presence and null, for every schema
 * springdoc made of a record, so a validating client or proxy sees the service's answers as they are:
 *
 * <ul>
 *   <li><b>Null.</b> In an answer, a component may be null exactly when its type is JSpecify's
 *       {@link Nullable} ({@code @Nullable String reason}): {@code type: [string, "null"]}, or
 *       {@code anyOf: [$ref, {type: "null"}]} for a referenced schema (springdoc writes {@code type: "null"}
 *       beside the {@code $ref}, which would allow only null). In a request, every field that is not
 *       required may be sent as null, which reads as absent (a record cannot tell the two apart).
 *   <li><b>Presence.</b> Jackson writes every component of an answer, null or not, so each is
 *       {@code required}, except one marked {@link JsonInclude} (written only when it has a value: a
 *       candidate's {@code tried} with {@code view=summary}, a problem's {@code errors}). Requests keep the
 *       {@code required} list Bean Validation gives them.
 *   <li><b>Nothing else.</b> {@code additionalProperties: false} everywhere: answers have no other field,
 *       and requests with one are refused ({@code FAIL_ON_UNKNOWN_PROPERTIES}).
 * </ul>
 *
 * The records are found from {@link #ANSWERS} and {@link OpenApiConfiguration#VALIDATED_BODIES} through
 * their components; a record the document has no schema for fails loudly.
 */
@Component
class RecordSchemas implements OpenApiCustomizer {

    /** What the operations answer, and the problem shape of their errors. */
    static final List<Class<?>> ANSWERS = List.of(
            EstimateResponse.class,
            PlanController.PlanResponse.class,
            ModelController.ModelList.class,
            ModelController.ModelDetail.class,
            GpuController.GpuList.class,
            GpuView.class,
            ProblemSchema.class);

    @Override
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas =
                openApi.getComponents() == null ? null : openApi.getComponents().getSchemas();
        Set<Class<?>> requests = records(OpenApiConfiguration.VALIDATED_BODIES);
        for (Class<?> record : records(ANSWERS)) {
            shape(record, schemaOf(schemas, record), false);
        }
        for (Class<?> record : requests) {
            shape(record, schemaOf(schemas, record), true);
        }
    }

    /** Every record reachable from {@code roots} through record components and their type arguments. */
    static Set<Class<?>> records(List<Class<?>> roots) {
        Set<Class<?>> found = new LinkedHashSet<>();
        List<Type> pending = new ArrayList<>(roots);
        while (!pending.isEmpty()) {
            Type type = pending.remove(pending.size() - 1);
            if (type instanceof ParameterizedType parameterized) {
                pending.addAll(List.of(parameterized.getActualTypeArguments()));
            } else if (type instanceof Class<?> c && c.isRecord() && found.add(c)) {
                for (RecordComponent component : c.getRecordComponents()) {
                    pending.add(component.getGenericType());
                }
            }
        }
        return found;
    }

    /** The name springdoc gives a record's schema: its {@code @Schema(name)}, else its simple name. */
    static String schemaName(Class<?> record) {
        io.swagger.v3.oas.annotations.media.Schema named =
                record.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
        return named != null && !named.name().isEmpty() ? named.name() : record.getSimpleName();
    }

    /** Whether the component's value may be null in an answer. */
    static boolean nullable(RecordComponent component) {
        return component.getAnnotatedType().isAnnotationPresent(Nullable.class);
    }

    /** Whether Jackson writes the component only when it has a value. */
    static boolean optional(RecordComponent component) {
        try {
            Field field = component.getDeclaringRecord().getDeclaredField(component.getName());
            JsonInclude include = field.getAnnotation(JsonInclude.class);
            return include != null && include.value() != JsonInclude.Include.ALWAYS;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Schema<?> schemaOf(Map<String, Schema> schemas, Class<?> record) {
        Schema<?> schema = schemas == null ? null : schemas.get(schemaName(record));
        if (schema == null || schema.getProperties() == null) {
            throw new IllegalStateException("no OpenAPI schema " + schemaName(record) + " for " + record.getName());
        }
        return schema;
    }

    private static void shape(Class<?> record, Schema<?> schema, boolean request) {
        Map<String, Schema> properties = new LinkedHashMap<>(schema.getProperties());
        List<String> required = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = component.getName();
            Schema<?> property = properties.get(name);
            if (property == null) {
                throw new IllegalStateException("no property " + name + " in the OpenAPI schema " + schemaName(record));
            }
            boolean mandatory = request
                    ? schema.getRequired() != null && schema.getRequired().contains(name)
                    : !optional(component);
            if (mandatory) {
                required.add(name);
            }
            boolean mayBeNull = request ? !mandatory && !component.getType().isPrimitive() : nullable(component);
            properties.put(name, mayBeNull ? orNull(property) : withoutNull(property));
        }
        schema.setProperties(properties);
        schema.setRequired(required.isEmpty() ? null : required);
        schema.setAdditionalProperties(Boolean.FALSE);
    }

    /** The property, allowing null too. */
    static Schema<?> orNull(Schema<?> property) {
        if (property.get$ref() != null) {
            Schema<?> either = new JsonSchema().description(property.getDescription());
            either.setAnyOf(List.of(new JsonSchema().$ref(property.get$ref()), new JsonSchema().typesItem("null")));
            return either;
        }
        if (property.getTypes() != null) {
            Set<String> types = new LinkedHashSet<>(property.getTypes());
            types.add("null");
            property.setTypes(types);
        }
        if (property.getEnum() != null && !property.getEnum().contains(null)) {
            property.addEnumItemObject(null);
        }
        return property;
    }

    /** The property as springdoc made it, less any null it was given. */
    private static Schema<?> withoutNull(Schema<?> property) {
        if (property.getTypes() != null && property.getTypes().contains("null") && property.get$ref() == null) {
            Set<String> types = new LinkedHashSet<>(property.getTypes());
            types.remove("null");
            property.setTypes(types);
        }
        return property;
    }
}
