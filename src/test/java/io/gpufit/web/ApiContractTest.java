package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.PROBLEM_JSON;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a user of Swagger UI and {@code /v3/api-docs} sees, through HTTP: a real example per response
 * status (replayed here against the service), tags in order, bounds as validated, {@code /} serving the
 * calculator page under its own Content-Security-Policy, and a 415 that says what to send.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiContractTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private JsonNode spec;

    @BeforeEach
    void readServedSpec() {
        spec = JSON.readTree(given().port(port)
                .accept("application/json")
                .get("/v3/api-docs")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    // ------------------------------------------------------------ examples

    @Test
    void everyErrorResponseHasAnExampleOfItsOwnStatus() {
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : spec.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                for (Map.Entry<String, JsonNode> response :
                        operation.getValue().path("responses").properties()) {
                    String code = response.getKey();
                    if (code.startsWith("2")) {
                        continue;
                    }
                    String where = operation.getKey() + " " + path.getKey() + " " + code;
                    JsonNode examples = response.getValue()
                            .path("content")
                            .path(PROBLEM_JSON)
                            .path("examples");
                    assertThat(examples.size()).as("examples of %s", where).isPositive();
                    for (Map.Entry<String, JsonNode> example : examples.properties()) {
                        JsonNode value = example.getValue().path("value");
                        assertThat(value.path("status").asInt())
                                .as("status of example '%s' of %s", example.getKey(), where)
                                .isEqualTo(Integer.parseInt(code));
                        assertThat(value.path("title").asString())
                                .as("title of %s", where)
                                .isNotBlank();
                        assertThat(value.path("detail").asString())
                                .as("detail of %s", where)
                                .isNotBlank();
                        assertThat(value.path("instance").asString())
                                .as("instance of %s", where)
                                .startsWith(path.getKey().replaceAll("\\{.*", ""));
                    }
                    checked.add(where);
                }
            }
        }
        assertThat(checked)
                .contains(
                        "post /estimate 400",
                        "post /estimate 415",
                        "post /estimate 502",
                        "post /estimate 504",
                        "post /estimate 408",
                        "post /estimate 413",
                        "post /plan 400",
                        "post /plan 408",
                        "post /plan 413",
                        "get /gpus/{id} 400",
                        "get /gpus/{id} 404",
                        "get /models/{org}/{name} 404");
    }

    /** The seed's 200: weights 2,000,000,000 B, KV 32,768 B per token and 33,554,432 B, total 2,033,554,432 B. */
    @Test
    void estimate200ExampleIsTheSeedsRealAnswer() {
        JsonNode example = example("/estimate", "post", "200", "application/json", "seed");
        assertThat(example.path("weights").path("bytes").asLong()).isEqualTo(2_000_000_000L);
        assertThat(example.path("kvCache").path("bytesPerToken").asLong()).isEqualTo(32_768L);
        assertThat(example.path("kvCache").path("bytes").asLong()).isEqualTo(33_554_432L);
        assertThat(example.path("total").path("bytes").asLong()).isEqualTo(2_033_554_432L);
        assertThat(example.path("recommendation").path("gpu").asString()).isEqualTo("p100-pcie-16gb");

        Response live = given().port(port)
                .contentType(ContentType.JSON)
                .body(EstimateController.SEED_EXAMPLE)
                .post("/estimate");
        assertThat(live.statusCode()).isEqualTo(200);
        assertSameJson(example, live.asString(), "200 example of POST /estimate");
    }

    static Stream<Arguments> replayedProblems() {
        return Stream.of(
                Arguments.of("/estimate", "post", "400", "out of range", ApiExamples.ESTIMATE_400_OUT_OF_RANGE_REQUEST),
                Arguments.of(
                        "/estimate", "post", "400", "unknown model", ApiExamples.ESTIMATE_400_UNKNOWN_MODEL_REQUEST),
                Arguments.of("/estimate", "post", "415", "text/plain", null),
                Arguments.of("/plan", "post", "400", "missing field", ApiExamples.PLAN_400_REQUEST),
                Arguments.of("/plan", "post", "400", "too many candidate rows", thousandSeedScenarios()),
                Arguments.of("/estimate", "post", "413", "too large", "2000000"),
                Arguments.of("/plan", "post", "413", "too large", "10000000"),
                Arguments.of("/plan", "post", "415", "text/plain", null),
                Arguments.of("/gpus/A100", "get", "400", "ambiguous", null),
                Arguments.of("/gpus/tpu-v5e", "get", "404", "unknown", null),
                Arguments.of("/models/meta-llama/Llama-3.1-8B-Instrcut", "get", "404", "unknown", null));
    }

    /** 1,000 copies of the seed request, naming no gpus. */
    private static String thousandSeedScenarios() {
        String scenario =
                "{\"request\": " + EstimateController.SEED_EXAMPLE.replaceAll(",\\s*\"gpus\": \\[[^]]*\\]", "") + "}";
        return "{\"scenarios\": [" + String.join(", ", java.util.Collections.nCopies(1_000, scenario)) + "]}";
    }

    /** Each example is what the service really answers to its request (the Hub's 502/504 need a Hub: shape only). */
    @ParameterizedTest(name = "{1} {0} {2} ''{3}''")
    @MethodSource("replayedProblems")
    void problemExamplesAreRealAnswers(String path, String method, String code, String name, String body)
            throws java.io.IOException {
        String documented =
                path.startsWith("/gpus/") ? "/gpus/{id}" : path.startsWith("/models/") ? "/models/{org}/{name}" : path;
        JsonNode example = example(documented, method, code, PROBLEM_JSON, name);
        Response live;
        if (method.equals("get")) {
            live = given().port(port).accept("application/json").get(path);
        } else if (code.equals("413")) {
            // Content-Length alone, as a client that sends its headers first would: the body is never sent
            try (RawHttp http = new RawHttp(port, java.time.Duration.ofSeconds(30))) {
                http.send(RawHttp.head("POST", path, "Content-Type: application/json", "Content-Length: " + body));
                RawHttp.Answer answer = http.read();
                assertThat(answer.status()).isEqualTo(413);
                assertThat(answer.header("Content-Type")).isEqualTo(PROBLEM_JSON);
                assertSameJson(example, answer.body(), "413 example of post " + path);
            }
            return;
        } else if (code.equals("415")) {
            live = given().port(port)
                    .contentType("text/plain")
                    .body("batchSize=4")
                    .post(path);
        } else {
            live = given().port(port).contentType(ContentType.JSON).body(body).post(path);
        }
        assertThat(live.statusCode()).isEqualTo(Integer.parseInt(code));
        assertThat(live.contentType()).isEqualTo(PROBLEM_JSON);
        assertSameJson(example, live.asString(), code + " example '" + name + "' of " + method + " " + documented);
    }

    @Test
    void hubExamplesNameTheModelAndSayToPasteTheConfig() {
        for (String path : List.of("/estimate", "/plan")) {
            for (String code : List.of("502", "504")) {
                JsonNode example =
                        example(path, "post", code, PROBLEM_JSON, code.equals("502") ? "gated model" : "timeout");
                assertThat(example.path("type").asString()).isEqualTo("urn:gpu-fit:problem:hub-unavailable");
                assertThat(example.path("instance").asString()).isEqualTo(path);
                assertThat(example.path("detail").asString())
                        .contains(example.path("model").asString())
                        .endsWith("You can paste the model's config.json as \"modelConfig\" in the request instead.");
            }
        }
    }

    // ------------------------------------------------------------ what the document says

    @Test
    void tagsReadEstimateGpusModelsPlan() {
        List<String> tags = new ArrayList<>();
        spec.path("tags").forEach(tag -> tags.add(tag.path("name").asString()));
        assertThat(tags).containsExactly("estimate", "gpus", "models", "plan");
        spec.path("paths")
                .forEach(path -> path.forEach(operation ->
                        assertThat(operation.path("tags").get(0).asString()).isIn(tags)));
    }

    @Test
    void noAuthenticationIsDeclaredOutright() {
        assertThat(spec.has("security")).isTrue();
        assertThat(spec.path("security").isArray()).isTrue();
        assertThat(spec.path("security").size()).isZero();
    }

    /** 0 is refused for these (DecimalMin inclusive = false): the schema must not say minimum 0. */
    @Test
    void boundsSayWhatValidationDoes() {
        JsonNode schemas = spec.path("components").path("schemas");
        for (String[] field : new String[][] {
            {"EstimateRequest", "parametersBillions"},
            {"EstimateRequest", "memoryUtilization"},
            {"EngineRequest", "gpuMemoryUtilization"}
        }) {
            JsonNode property = schemas.path(field[0]).path("properties").path(field[1]);
            assertThat(property.has("minimum")).as(field[1]).isFalse();
            assertThat(property.path("exclusiveMinimum").asInt(-1)).as(field[1]).isZero();
        }
        assertThat(schemas.at("/EstimateRequest/properties/gpus/items/minLength")
                        .asInt())
                .isOne();
        assertThat(schemas.at("/PlanRequest/properties/gpus/items/minLength").asInt())
                .isOne();
        assertThat(schemas.at("/PlanRequest/properties/scenarios/minItems").asInt())
                .isOne();
        assertThat(schemas.at("/EngineRequest/properties/name/minLength").asInt())
                .isOne();
        assertThat(schemas.at("/EstimateRequest/properties/model/minLength").asInt())
                .isOne();
        assertThat(schemas.at("/EngineRequest/properties/version/minLength").asInt())
                .isOne();
        // and what they describe is what the service does
        given().port(port)
                .contentType(ContentType.JSON)
                .body("{\"parametersBillions\": 0, \"weightDtype\": \"fp16\", \"numLayers\": 16, "
                        + "\"numAttentionHeads\": 32, \"headDim\": 64, \"batchSize\": 1, \"sequenceLength\": 1}")
                .post("/estimate")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("parametersBillions"));
        given().port(port)
                .contentType(ContentType.JSON)
                .body("{\"scenarios\": []}")
                .post("/plan")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("scenarios"));
    }

    // ------------------------------------------------------------ HTTP

    /** {@code /} is the calculator page (its behaviour: CalculatorPageTest, in a browser) under a strict CSP. */
    @Test
    void rootIsTheCalculatorPageUnderAStrictContentSecurityPolicy() {
        String csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        given().port(port)
                .redirects()
                .follow(false)
                .get("/")
                .then()
                .statusCode(200)
                .contentType(ContentType.HTML)
                .header("Content-Security-Policy", csp)
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("<script type=\"module\" src=\"calculator/app.js\"></script>"))
                .body(containsString("href=\"swagger-ui.html\""));
        for (String asset : List.of("/calculator/app.js", "/calculator/calculator.css")) {
            given().port(port).get(asset).then().statusCode(200).header("Content-Security-Policy", csp);
        }
    }

    /** Nothing from elsewhere: no absolute URL in the page's own files (people run it air-gapped). */
    @Test
    void thePageLoadsNothingFromElsewhere() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/static"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file))
                        .as(file.toString())
                        .doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:)?//")
                        .doesNotContainPattern("@import|url\\(\\s*[\"']?(https?:)?//")
                        .doesNotContain("fetch('http")
                        .doesNotContain("style=\"");
            }
        }
    }

    /** Swagger UI keeps working: it needs inline scripts and styles, so the page's policy must not reach it. */
    @Test
    void swaggerUiIsNotUnderThePagesPolicy() {
        given().port(port)
                .get("/swagger-ui/index.html")
                .then()
                .statusCode(200)
                .contentType(ContentType.HTML)
                .body(containsString("Swagger UI"))
                .header("Content-Security-Policy", nullValue());
        given().port(port)
                .accept("application/json")
                .get("/gpus")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", nullValue());
    }

    @Test
    void rootIsNotPartOfTheContract() {
        assertThat(spec.path("paths").has("/")).isFalse();
    }

    @Test
    void unsupportedMediaTypeSaysToSendJsonInTheProblemShape() {
        Response response =
                given().port(port).contentType("text/plain").body("batchSize=4").post("/estimate");
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.contentType()).isEqualTo(PROBLEM_JSON);
        assertThat(response.header("Accept")).isEqualTo("application/json");
        JsonNode problem = JSON.readTree(response.asString());
        assertThat(problem.propertyNames()).containsExactlyInAnyOrder("title", "status", "detail", "instance");
        assertThat(problem.path("title").asString()).isEqualTo("Unsupported Media Type");
        assertThat(problem.path("status").asInt()).isEqualTo(415);
        assertThat(problem.path("instance").asString()).isEqualTo("/estimate");
        assertThat(problem.path("detail").asString())
                .isEqualTo("Content-Type 'text/plain' is not supported; send the body as JSON with the header "
                        + "Content-Type: application/json.");
    }

    /** Through the JDK client: RestAssured always sends a Content-Type. */
    @Test
    void missingContentTypeIsNamedAsMissing() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/plan"))
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(response.body()).path("detail").asString())
                .isEqualTo("No Content-Type was sent; send the body as JSON with the header "
                        + "Content-Type: application/json.");
    }

    // ------------------------------------------------------------ null in requests

    /**
     * openapi.yaml lets every optional request field be null: sending null must answer exactly as leaving
     * the field out does, and a required field sent as null must be refused. Read from the served schemas,
     * so a field added later is covered too.
     */
    @Test
    void everyRequestFieldTheContractLetsBeNullReadsAsLeftOut() {
        ObjectNode seed = (ObjectNode) JSON.readTree("""
                {"parametersBillions": 1, "weightDtype": "fp16", "numLayers": 16, "numAttentionHeads": 32,
                 "numKeyValueHeads": 8, "headDim": 64, "batchSize": 4, "sequenceLength": 256,
                 "gpus": ["a40", "l4"]}""");
        ObjectNode onVllm = (ObjectNode) JSON.readTree("""
                {"model": "meta-llama/Llama-3.1-8B", "batchSize": 8, "sequenceLength": 4096, "gpus": ["h100"],
                 "engine": {"name": "vllm", "version": "0.21", "gpuMemoryUtilization": 0.9, "maxNumSeqs": 64,
                  "kvCacheDtype": "auto"}}""");
        ObjectNode plan = JSON.createObjectNode();
        plan.set("gpus", JSON.readTree("[\"a40\"]"));
        plan.set(
                "scenarios",
                JSON.createArrayNode()
                        .add(JSON.createObjectNode().put("name", "seed").set("request", seed.deepCopy())));
        List<String> checked = new ArrayList<>();
        checked.addAll(nullReadsAsLeftOut("EstimateRequest", "/estimate", seed, ""));
        checked.addAll(nullReadsAsLeftOut("EngineRequest", "/estimate", onVllm, "/engine"));
        checked.addAll(nullReadsAsLeftOut("PlanRequest", "/plan", plan, ""));
        checked.addAll(nullReadsAsLeftOut("PlanScenario", "/plan", plan, "/scenarios/0"));
        assertThat(checked)
                .contains("EstimateRequest.modelConfig", "EstimateRequest.engine", "EngineRequest.kvCacheDtype")
                .contains("EstimateRequest.batchSize (required)", "EngineRequest.name (required)")
                .contains("PlanRequest.gpus", "PlanScenario.name", "PlanScenario.request (required)")
                .hasSizeGreaterThan(30);
    }

    private List<String> nullReadsAsLeftOut(String schema, String path, ObjectNode body, String pointer) {
        JsonNode properties =
                spec.path("components").path("schemas").path(schema).path("properties");
        List<String> required = new ArrayList<>();
        spec.path("components").path("schemas").path(schema).path("required").forEach(r -> required.add(r.asString()));
        List<String> checked = new ArrayList<>();
        for (String field : properties.propertyNames()) {
            ObjectNode withNull = body.deepCopy();
            ((ObjectNode) withNull.at(pointer)).putNull(field);
            Response sentNull = post(path, withNull);
            if (required.contains(field)) {
                assertThat(nullable(properties.get(field)))
                        .as("%s.%s is required", schema, field)
                        .isFalse();
                assertThat(sentNull.statusCode())
                        .as("%s.%s sent as null", schema, field)
                        .isEqualTo(400);
                checked.add(schema + "." + field + " (required)");
                continue;
            }
            assertThat(nullable(properties.get(field)))
                    .as("%s.%s is optional, so openapi.yaml lets it be null", schema, field)
                    .isTrue();
            ObjectNode without = body.deepCopy();
            ((ObjectNode) without.at(pointer)).remove(field);
            Response leftOut = post(path, without);
            assertThat(sentNull.statusCode())
                    .as("%s.%s: null vs left out", schema, field)
                    .isEqualTo(leftOut.statusCode());
            assertThat(JSON.readTree(sentNull.asString()))
                    .as("%s.%s: null vs left out", schema, field)
                    .isEqualTo(JSON.readTree(leftOut.asString()));
            checked.add(schema + "." + field);
        }
        return checked;
    }

    private static boolean nullable(JsonNode property) {
        for (JsonNode type : property.path("type")) {
            if ("null".equals(type.asString())) {
                return true;
            }
        }
        for (JsonNode either : property.path("anyOf")) {
            if ("null".equals(either.path("type").asString())) {
                return true;
            }
        }
        return false;
    }

    private Response post(String path, JsonNode body) {
        return given().port(port)
                .contentType(ContentType.JSON)
                .accept("application/json, application/problem+json")
                .body(JSON.writeValueAsString(body))
                .post(path);
    }

    // ------------------------------------------------------------ helpers

    private JsonNode example(String path, String method, String code, String mediaType, String name) {
        JsonNode value = spec.path("paths")
                .path(path)
                .path(method)
                .path("responses")
                .path(code)
                .path("content")
                .path(mediaType)
                .path("examples")
                .path(name)
                .path("value");
        assertThat(value.isMissingNode())
                .as("example '%s' of %s %s %s", name, method, path, code)
                .isFalse();
        return value;
    }

    /** Same JSON, compared after one round trip through text so number node types agree. */
    private static void assertSameJson(JsonNode example, String live, String what) {
        JsonNode documented = JSON.readTree(JSON.writeValueAsString(example));
        assertThat(JSON.readTree(live)).as(what).isEqualTo(documented);
    }
}
