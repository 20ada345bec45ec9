package io.gpufit.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpufit.application.EstimateCommands;
import io.gpufit.application.SupportedEngine;
import io.gpufit.estimate.Dtype;
import io.gpufit.model.AttentionType;
import io.gpufit.model.WeightPart;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The served OpenAPI document and the published openapi.yaml must say the same thing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDriftTest {

    private static final Path PUBLISHED = Path.of("openapi.yaml");
    private static final Path SERVED_COPY = Path.of("target", "served-openapi.yaml");

    @LocalServerPort
    int port;

    @Test
    void servedSpecMatchesPublishedOpenApiYaml() throws IOException {
        String servedJson = given().port(port)
                .accept("application/json")
                .get("/v3/api-docs")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String servedYaml = given().port(port)
                .get("/v3/api-docs.yaml")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Files.createDirectories(SERVED_COPY.getParent());
        Files.writeString(SERVED_COPY, servedYaml);

        ObjectMapper yaml = YAMLMapper.builder().build();
        // Through YAML text both ways, so numbers get the same node types on each side.
        JsonNode served = yaml.readTree(
                yaml.writeValueAsString(JsonMapper.builder().build().readTree(servedJson)));
        JsonNode published = yaml.readTree(Files.readString(PUBLISHED));

        List<String> differences = new ArrayList<>();
        diff("$", published, served, differences);
        assertThat(differences)
                .as("openapi.yaml differs from what the service serves (see %s)", SERVED_COPY)
                .isEmpty();
    }

    /**
     * The enum lists are not typed by hand: adding a format to {@link Dtype} (or an engine, an
     * attention type, a weight part) changes the served document, so the test above fails until
     * openapi.yaml lists it too.
     */
    @Test
    void servedAllowedValuesAreTheJavaEnums() {
        JsonPath spec = given().port(port)
                .accept("application/json")
                .get("/v3/api-docs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String schemas = "components.schemas.";
        // the optional request fields may be null (null reads as absent), so their enums end with null
        assertThat(spec.getList(schemas + "EstimateRequest.properties.weightDtype.enum", String.class))
                .isEqualTo(orNull(AllowedValues.withAliases(Dtype.ids())))
                .contains("bf16", "bfloat16");
        assertThat(spec.getList(schemas + "EstimateRequest.properties.kvCacheDtype.enum", String.class))
                .isEqualTo(orNull(AllowedValues.withAliases(EstimateCommands.kvCacheValues())))
                .contains("auto", "fp8", "fp8_e5m2");
        assertThat(spec.getList(schemas + "EngineRequest.properties.name.enum", String.class))
                .isEqualTo(SupportedEngine.ids());
        assertThat(spec.getList(schemas + "EngineRequest.properties.kvCacheDtype.enum", String.class))
                .isEqualTo(orNull(AllowedValues.withAliases(SupportedEngine.allKvCacheDtypeIds())));
        List<String> attention =
                Arrays.stream(AttentionType.values()).map(Enum::name).toList();
        assertThat(spec.getList(schemas + "Resolved.properties.attention.enum", String.class))
                .isEqualTo(attention);
        assertThat(spec.getList(schemas + "Architecture.properties.attention.enum", String.class))
                .isEqualTo(attention);
        assertThat(spec.getList(schemas + "WeightPartView.properties.part.enum", String.class))
                .isEqualTo(
                        Arrays.stream(WeightPart.values()).map(WeightPart::id).toList());
    }

    private static List<String> orNull(List<String> values) {
        List<String> all = new ArrayList<>(values);
        all.add(null);
        return all;
    }

    /** Paths where the two documents differ, so a failure says where to look. */
    private static void diff(String path, JsonNode published, JsonNode served, List<String> out) {
        if (published == null || served == null) {
            out.add(path + (published == null ? ": only served" : ": only in openapi.yaml"));
            return;
        }
        if (published.isObject() && served.isObject()) {
            List<String> names = new ArrayList<>(published.propertyNames());
            served.propertyNames().stream().filter(n -> !names.contains(n)).forEach(names::add);
            for (String name : names) {
                diff(path + "." + name, published.get(name), served.get(name), out);
            }
        } else if (published.isArray() && served.isArray() && published.size() == served.size()) {
            Iterator<JsonNode> p = published.iterator();
            Iterator<JsonNode> s = served.iterator();
            for (int i = 0; p.hasNext(); i++) {
                diff(path + "[" + i + "]", p.next(), s.next(), out);
            }
        } else if (!published.equals(served)) {
            out.add(path + ": openapi.yaml has " + published + ", served " + served);
        }
    }
}
