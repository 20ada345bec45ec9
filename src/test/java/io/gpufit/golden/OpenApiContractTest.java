package io.gpufit.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The published contract, openapi.yaml, holds for every answer the service gives: each golden file's
 * response body validates against the schema openapi.yaml declares for its path, method, status and
 * content type, and each golden request the service accepted validates against the request schemas
 * (while one the schemas refuse was refused by the service too). The golden files are what the service
 * serves (GoldenApiTest) and openapi.yaml is what it documents (OpenApiDriftTest), so neither the
 * schemas nor the behaviour can drift without a test failing.
 *
 * <p>Validated by networknt's json-schema-validator with its OpenAPI 3.1 dialect (JSON Schema 2020-12:
 * {@code type: [string, "null"]}, numeric {@code exclusiveMinimum}, {@code anyOf} beside {@code $ref}),
 * with format assertions on, as a validating proxy would check them. Atlassian's swagger-request-validator
 * would match paths and statuses for us, but validates bodies with a draft-04 JSON Schema validator and
 * does not support OpenAPI 3.1, whose schemas this document uses (numeric {@code exclusiveMinimum},
 * {@code type} lists with "null"); the operation lookup it would do is a few lines here.
 */
class OpenApiContractTest {

    private static final String SPEC_IRI = "https://gpu-fit.test/openapi.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROBLEM = "#/components/schemas/Problem";

    private static JsonNode spec;
    private static SchemaRegistry registry;
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    @BeforeAll
    static void loadContract() throws IOException {
        spec = YAMLMapper.builder().build().readTree(Files.readString(Path.of("openapi.yaml")));
        String text = JSON.writeValueAsString(spec);
        // The document's own top-level fields are no schema keywords: say so, rather than be warned.
        Dialect openApi31 = Dialect.builder(Dialects.getOpenApi31())
                .keywords(Stream.of("openapi", "info", "servers", "security", "tags", "paths", "components")
                        .map(NonValidationKeyword::new)
                        .toList())
                .build();
        registry = SchemaRegistry.withDialect(
                openApi31,
                builder -> builder.schemas(Map.of(SPEC_IRI, text))
                        .schemaRegistryConfig(SchemaRegistryConfig.builder()
                                .formatAssertionsEnabled(true)
                                .build()));
    }

    static Stream<Path> goldenFiles() throws IOException {
        try (Stream<Path> all = Files.list(GoldenApiTest.DIRECTORY)) {
            return all.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void responseMatchesTheSchemaOpenApiYamlDeclares(Path file) throws IOException {
        Exchange exchange = Exchange.read(file);
        if (exchange.path().startsWith("/actuator/")) {
            // The probes are Spring Boot Actuator's, outside the API contract (README: Operating).
            assertThat(exchange.status()).isEqualTo(200);
            return;
        }
        String schema = responseSchema(exchange);
        List<String> errors = validate(schema, exchange.responseBody());
        assertThat(errors)
                .as(
                        "%s %s -> %d %s against %s",
                        exchange.method(), exchange.path(), exchange.status(), exchange.contentType(), schema)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void requestMatchesTheSchemaExactlyWhenTheServiceAcceptsIt(Path file) throws IOException {
        Exchange exchange = Exchange.read(file);
        String operation = operation(exchange.method(), exchange.path());
        if (operation == null) {
            return;
        }
        List<String> refused = new ArrayList<>();
        JsonNode body = exchange.requestBody();
        JsonNode requestBody = at(operation + "/requestBody/content/application~1json/schema");
        if (body != null && requestBody != null && "application/json".equals(exchange.requestContentType())) {
            refused.addAll(validate(operation + "/requestBody/content/application~1json/schema", body));
        }
        for (Map.Entry<String, String> query : exchange.query().entrySet()) {
            String parameter = queryParameter(operation, query.getKey());
            if (parameter != null) {
                refused.addAll(
                        validate(parameter + "/schema", JSON.getNodeFactory().stringNode(query.getValue())));
            }
        }
        if (exchange.status() / 100 == 2) {
            assertThat(refused)
                    .as(
                            "the service accepted a request openapi.yaml refuses: %s %s",
                            exchange.method(), exchange.path())
                    .isEmpty();
        }
        if (!refused.isEmpty()) {
            assertThat(exchange.status())
                    .as("openapi.yaml refuses this request (%s), so the service must answer 400", refused)
                    .isEqualTo(400);
        }
    }

    /**
     * The validation has teeth: the seed's real answer passes, and each way a drifting service could break
     * the contract (an undeclared field, a field left out, null where the schema has none, a nullable field
     * of the wrong type) is caught.
     */
    @Test
    void theContractRefusesAnswersTheServiceNeverGives() throws IOException {
        Exchange seed = Exchange.read(GoldenApiTest.DIRECTORY.resolve("001-seed.json"));
        String schema = responseSchema(seed);
        assertThat(validate(schema, seed.responseBody())).isEmpty();

        ObjectNode extra = (ObjectNode) seed.responseBody().deepCopy();
        extra.put("costPerToken", 1);
        assertThat(validate(schema, extra)).singleElement().asString().contains("costPerToken");

        ObjectNode missing = (ObjectNode) seed.responseBody().deepCopy();
        missing.remove("shortfall");
        assertThat(validate(schema, missing)).singleElement().asString().contains("shortfall");

        ObjectNode nullGpu = (ObjectNode) seed.responseBody().deepCopy();
        ((ObjectNode) nullGpu.at("/candidates/0")).putNull("gpu");
        assertThat(validate(schema, nullGpu)).singleElement().asString().contains("/candidates/0/gpu");

        ObjectNode wrongWarning = (ObjectNode) seed.responseBody().deepCopy();
        ((ObjectNode) wrongWarning.at("/candidates/0")).put("warning", 7);
        assertThat(validate(schema, wrongWarning)).isNotEmpty();
    }

    /**
     * Every schema is closed and says which fields are always there, so none escaped RecordSchemas (a new
     * record that its roots do not reach would come out open here).
     */
    @Test
    void everySchemaIsClosed() {
        List<String> open = new ArrayList<>();
        for (var schema : spec.get("components").get("schemas").properties()) {
            if (!schema.getValue().path("additionalProperties").isBoolean()
                    || schema.getValue().path("additionalProperties").asBoolean()) {
                open.add(schema.getKey());
            }
        }
        assertThat(open).as("schemas without additionalProperties: false").isEmpty();
        // every field of an estimate is always present, except inventory (only when the request has one)
        assertThat(spec.at("/components/schemas/EstimateResponse/required").size())
                .isEqualTo(spec.at("/components/schemas/EstimateResponse/properties")
                                .size()
                        - 1);
        assertThat(spec.at("/components/schemas/EstimateResponse/required").toString())
                .doesNotContain("\"inventory\"");
    }

    /** Every example in openapi.yaml is a valid instance of the schema beside it. */
    @Test
    void examplesInTheContractMatchTheirSchemas() {
        List<String> errors = new ArrayList<>();
        int examples = 0;
        for (var path : spec.get("paths").properties()) {
            for (var method : path.getValue().properties()) {
                String operation = "#/paths/" + escape(path.getKey()) + "/" + method.getKey();
                List<String> media = new ArrayList<>();
                if (method.getValue().has("requestBody")) {
                    media.add(operation + "/requestBody/content");
                }
                if (method.getValue().has("responses")) {
                    for (var status : method.getValue().get("responses").properties()) {
                        media.add(operation + "/responses/" + status.getKey() + "/content");
                    }
                }
                for (String content : media) {
                    for (var type : at(content).properties()) {
                        String pointer = content + "/" + escape(type.getKey());
                        JsonNode named = type.getValue().get("examples");
                        for (var example :
                                named == null ? List.<Map.Entry<String, JsonNode>>of() : named.properties()) {
                            examples++;
                            validate(pointer + "/schema", example.getValue().get("value")).stream()
                                    .map(e -> pointer + " example '" + example.getKey() + "': " + e)
                                    .forEach(errors::add);
                        }
                    }
                }
            }
        }
        assertThat(examples).isGreaterThan(10);
        assertThat(errors).isEmpty();
    }

    /** The schema a response must match: its operation's, else (an HTTP-level error) the Problem schema. */
    private static String responseSchema(Exchange exchange) {
        String operation = operation(exchange.method(), exchange.path());
        if (operation == null) {
            assertThat(exchange.contentType())
                    .as(
                            "%s %s is no operation of openapi.yaml; the service answers such requests as problems",
                            exchange.method(), exchange.path())
                    .isEqualTo("application/problem+json");
            return PROBLEM;
        }
        String response = operation + "/responses/" + exchange.status();
        assertThat(at(response))
                .as(
                        "%s %s answered %d, which openapi.yaml does not list",
                        exchange.method(), exchange.path(), exchange.status())
                .isNotNull();
        String content = response + "/content/" + escape(exchange.contentType());
        assertThat(at(content))
                .as(
                        "%s %s answered %d as %s, which openapi.yaml does not list",
                        exchange.method(), exchange.path(), exchange.status(), exchange.contentType())
                .isNotNull();
        return content + "/schema";
    }

    /** The JSON pointer of the operation answering this method and path, or null. */
    private static String operation(String method, String path) {
        for (var template : spec.get("paths").properties()) {
            String pattern = template.getKey().replaceAll("\\{[^}/]+}", "[^/]+");
            if (path.matches(pattern) && template.getValue().has(method.toLowerCase())) {
                return "#/paths/" + escape(template.getKey()) + "/" + method.toLowerCase();
            }
        }
        return null;
    }

    private static String queryParameter(String operation, String name) {
        JsonNode parameters = at(operation + "/parameters");
        for (int i = 0; parameters != null && i < parameters.size(); i++) {
            JsonNode parameter = parameters.get(i);
            if ("query".equals(parameter.path("in").asString())
                    && name.equals(parameter.path("name").asString())) {
                return operation + "/parameters/" + i;
            }
        }
        return null;
    }

    private static List<String> validate(String pointer, JsonNode instance) {
        Schema schema = SCHEMAS.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(SPEC_IRI + p)));
        return schema.validate(instance).stream().map(Error::toString).toList();
    }

    private static JsonNode at(String pointer) {
        JsonNode node = spec.at(pointer.substring(1));
        return node.isMissingNode() ? null : node;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** One golden file: the request sent and the response recorded. */
    record Exchange(JsonNode request, JsonNode response) {

        static Exchange read(Path file) throws IOException {
            JsonNode golden = JSON.readTree(file.toFile());
            return new Exchange(golden.get("request"), golden.get("response"));
        }

        String method() {
            return request.get("method").asString();
        }

        String path() {
            return request.get("path").asString().split("\\?", 2)[0];
        }

        Map<String, String> query() {
            String[] parts = request.get("path").asString().split("\\?", 2);
            Map<String, String> query = new java.util.LinkedHashMap<>();
            if (parts.length == 2) {
                for (String pair : parts[1].split("&")) {
                    String[] nameValue = pair.split("=", 2);
                    query.put(
                            URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                            nameValue.length == 2 ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "");
                }
            }
            return query;
        }

        /** The JSON body sent, or null when none was (or it was not JSON). */
        JsonNode requestBody() {
            return request.get("body");
        }

        String requestContentType() {
            return request.has("contentType") ? request.get("contentType").asString() : "application/json";
        }

        int status() {
            return response.get("status").asInt();
        }

        String contentType() {
            return response.get("contentType").asString();
        }

        JsonNode responseBody() {
            return response.get("body");
        }
    }
}
