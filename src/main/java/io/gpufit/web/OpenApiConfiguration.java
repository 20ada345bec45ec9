package io.gpufit.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import jakarta.validation.Validator;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.ContainerElementTypeDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and description shown in Swagger UI and in {@code /v3/api-docs}, and corrections to what springdoc infers. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** The request bodies, whose Bean Validation constraints the document must state exactly. */
    static final List<Class<?>> VALIDATED_BODIES = List.of(
            EstimateRequest.class,
            EngineRequest.class,
            PlanController.PlanRequest.class,
            PlanController.PlanScenario.class);

    @Bean
    OpenAPI gpuFitOpenApi() {
        // A relative server: Swagger UI calls whatever host served it, behind a proxy too.
        // security: [] says it outright: no endpoint takes credentials (run it behind your own gateway if needed).
        return new OpenAPI()
                .servers(List.of(new Server().url("/").description("this server")))
                .security(new ArrayList<>())
                .info(new Info()
                        .title("gpu-fit")
                        .version("0.1.0")
                        .description("How much GPU memory an LLM needs to serve a load, and which GPU to run it on. "
                                + "Exact bytes, every formula shown. Errors are application/problem+json with an "
                                + "'errors' list naming each field, the rejected value and what is allowed."));
    }

    /** Tags in name order (estimate, gpus, models, plan), so Swagger UI lists the operations the same way. */
    @Bean
    OpenApiCustomizer tagsByName() {
        return openApi -> {
            if (openApi.getTags() != null) {
                openApi.getTags().sort(Comparator.comparing(Tag::getName));
            }
        };
    }

    /**
     * Bounds as Bean Validation enforces them. springdoc writes {@code @DecimalMin(value = "0", inclusive =
     * false)} as {@code minimum: 0} although 0 is refused, and lets {@code @Size(max = ...)} put
     * {@code minLength: 0} / {@code minItems: 0} over {@code @NotBlank} and {@code @NotEmpty}. This reads the
     * validator's own metadata for each request body and writes exclusiveMinimum/exclusiveMaximum, and a
     * minimum length or size of 1 where blank or empty is refused; a minLength stated in {@code @Schema} is
     * kept too.
     */
    @Bean
    OpenApiCustomizer boundsAsValidated(Validator validator) {
        return openApi -> {
            if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
                return;
            }
            Map<String, Schema> schemas = openApi.getComponents().getSchemas();
            for (Class<?> body : VALIDATED_BODIES) {
                Schema<?> schema = schemas.get(body.getSimpleName());
                if (schema == null || schema.getProperties() == null) {
                    continue;
                }
                statedMinLengths(body, schema);
                for (PropertyDescriptor property :
                        validator.getConstraintsForClass(body).getConstrainedProperties()) {
                    Schema<?> field = schema.getProperties().get(property.getPropertyName());
                    if (field == null) {
                        continue;
                    }
                    applyBounds(field, property.getConstraintDescriptors());
                    for (ContainerElementTypeDescriptor element : property.getConstrainedContainerElementTypes()) {
                        if (field.getItems() != null) {
                            applyBounds(field.getItems(), element.getConstraintDescriptors());
                        }
                    }
                }
            }
        };
    }

    /**
     * A {@code @Schema(minLength = ...)} on a field the application refuses empty (model, engine.version),
     * which springdoc lets {@code @Size(max = ...)} overwrite with 0.
     */
    private static void statedMinLengths(Class<?> body, Schema<?> schema) {
        for (Field field : body.getDeclaredFields()) {
            io.swagger.v3.oas.annotations.media.Schema stated =
                    field.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
            Schema<?> property = schema.getProperties().get(field.getName());
            if (stated != null && stated.minLength() > 0 && property != null) {
                property.setMinLength(stated.minLength());
            }
        }
    }

    private static void applyBounds(Schema<?> schema, Set<ConstraintDescriptor<?>> constraints) {
        for (ConstraintDescriptor<?> constraint : constraints) {
            Annotation annotation = constraint.getAnnotation();
            if (annotation instanceof DecimalMin min && !min.inclusive()) {
                schema.setMinimum(null);
                schema.setExclusiveMinimumValue(new BigDecimal(min.value()));
            } else if (annotation instanceof DecimalMax max && !max.inclusive()) {
                schema.setMaximum(null);
                schema.setExclusiveMaximumValue(new BigDecimal(max.value()));
            } else if (annotation instanceof NotBlank || annotation instanceof NotEmpty) {
                atLeastOne(schema);
            }
        }
    }

    private static void atLeastOne(Schema<?> schema) {
        if (schema.getMinItems() != null || schema.getMaxItems() != null || schema.getItems() != null) {
            schema.setMinItems(Math.max(1, schema.getMinItems() == null ? 0 : schema.getMinItems()));
        } else {
            schema.setMinLength(Math.max(1, schema.getMinLength() == null ? 0 : schema.getMinLength()));
        }
    }
}
