package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.PROBLEM_JSON;
import static io.gpufit.web.JsonMatchers.error;
import static io.gpufit.web.JsonMatchers.number;
import static io.gpufit.web.JsonMatchers.postJson;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every bad input to POST /estimate is a 400 application/problem+json whose {@code errors} list
 * names the field and, when a value was sent, the rejected value. None is a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EstimateBadInputApiTest {

    private static final String ALLOWED_DTYPES = "fp32, fp16, bf16, fp8, fp8_block, int8, int4, gptq, awq, nf4, "
            + "nf4_double, mxfp4, q8_0, q6_k, q5_k_m, q5_k_s, q4_k_m, q4_k_s, q4_0, iq4_xs, iq4_nl, q3_k_l, q3_k_m, q3_k_s, q2_k";

    @LocalServerPort
    int port;

    private RequestSpecification api;

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).build();
    }

    // ---------------------------------------------------------------- a field with a rejected value

    /** (request, field the error must name, the value it must report as rejected). */
    static Stream<Arguments> rejectedValues() {
        return Stream.of(
                // zero and negative sizes
                bad(
                        "parameters 0",
                        seed().without("parametersBillions").with("parameters", "0"),
                        "parameters",
                        number("0")),
                bad(
                        "parameters -1",
                        seed().without("parametersBillions").with("parameters", "-1"),
                        "parameters",
                        number("-1")),
                bad("parametersBillions 0", seed().with("parametersBillions", "0"), "parametersBillions", number("0")),
                bad(
                        "parametersBillions -7",
                        seed().with("parametersBillions", "-7"),
                        "parametersBillions",
                        number("-7")),
                bad("numLayers 0", seed().with("numLayers", "0"), "numLayers", number("0")),
                bad("numLayers -16", seed().with("numLayers", "-16"), "numLayers", number("-16")),
                bad("numAttentionHeads 0", seed().with("numAttentionHeads", "0"), "numAttentionHeads", number("0")),
                bad("numKeyValueHeads 0", seed().with("numKeyValueHeads", "0"), "numKeyValueHeads", number("0")),
                bad("headDim 0", seed().with("headDim", "0"), "headDim", number("0")),
                bad("hiddenSize 0", seed().without("headDim").with("hiddenSize", "0"), "hiddenSize", number("0")),
                bad("batchSize 0", seed().with("batchSize", "0"), "batchSize", number("0")),
                bad("batchSize -4", seed().with("batchSize", "-4"), "batchSize", number("-4")),
                bad("sequenceLength 0", seed().with("sequenceLength", "0"), "sequenceLength", number("0")),
                bad("sequenceLength -1", seed().with("sequenceLength", "-1"), "sequenceLength", number("-1")),
                // a fraction where an integer is needed
                bad("numLayers 16.5", seed().with("numLayers", "16.5"), "numLayers", number("16.5")),
                bad("batchSize 4.0", seed().with("batchSize", "4.0"), "batchSize", number("4")),
                bad(
                        "parameters 1.5",
                        seed().without("parametersBillions").with("parameters", "1.5"),
                        "parameters",
                        number("1.5")),
                // (quoted numbers, booleans and numbers out of int/long range: see unbindableValues below)
                // above the documented limits
                bad(
                        "parameters 10^18 + 1",
                        seed().without("parametersBillions").with("parameters", "1000000000000000001"),
                        "parameters",
                        number("1000000000000000001")),
                bad(
                        "parametersBillions 1000001",
                        seed().with("parametersBillions", "1000001"),
                        "parametersBillions",
                        number("1000001")),
                bad("numLayers 10001", seed().with("numLayers", "10001"), "numLayers", number("10001")),
                bad(
                        "numAttentionHeads 65537",
                        seed().with("numAttentionHeads", "65537"),
                        "numAttentionHeads",
                        number("65537")),
                bad("headDim 65537", seed().with("headDim", "65537"), "headDim", number("65537")),
                bad(
                        "hiddenSize 16777217",
                        seed().without("headDim").with("hiddenSize", "16777217"),
                        "hiddenSize",
                        number("16777217")),
                bad("batchSize 1000001", seed().with("batchSize", "1000001"), "batchSize", number("1000001")),
                bad(
                        "sequenceLength 100000001",
                        seed().with("sequenceLength", "100000001"),
                        "sequenceLength",
                        number("100000001")),
                // rules across fields
                bad("numKeyValueHeads 5 of 32", seed().with("numKeyValueHeads", "5"), "numKeyValueHeads", number("5")),
                bad(
                        "numKeyValueHeads 64 of 32",
                        seed().with("numKeyValueHeads", "64"),
                        "numKeyValueHeads",
                        number("64")),
                bad(
                        "hiddenSize 4097 / 32 heads",
                        seed().without("headDim").with("hiddenSize", "4097"),
                        "hiddenSize",
                        number("4097")),
                // memoryUtilization outside (0, 1], or more than 4 decimals
                bad("memoryUtilization 0", seed().with("memoryUtilization", "0"), "memoryUtilization", number("0")),
                bad(
                        "memoryUtilization 1.5",
                        seed().with("memoryUtilization", "1.5"),
                        "memoryUtilization",
                        number("1.5")),
                bad(
                        "memoryUtilization -0.9",
                        seed().with("memoryUtilization", "-0.9"),
                        "memoryUtilization",
                        number("-0.9")),
                bad(
                        "memoryUtilization 0.12345",
                        seed().with("memoryUtilization", "0.12345"),
                        "memoryUtilization",
                        number("0.12345")),
                // parametersBillions with 10 decimals (at most 9: whole parameters)
                bad(
                        "parametersBillions 10 decimals",
                        seed().with("parametersBillions", "1.0000000001"),
                        "parametersBillions",
                        number("1.0000000001")),
                // unknown dtypes and GPUs
                bad("weightDtype fp12", seed().with("weightDtype", "\"fp12\""), "weightDtype", equalTo("fp12")),
                bad("kvCacheDtype fp12", seed().with("kvCacheDtype", "\"fp12\""), "kvCacheDtype", equalTo("fp12")),
                bad("weightDtype blank", seed().with("weightDtype", "\"  \""), "weightDtype", equalTo("  ")),
                bad("unknown GPU", seed().with("gpus", "[\"a40\", \"nope\"]"), "gpus[1]", equalTo("nope")),
                bad("blank GPU", seed().with("gpus", "[\"\"]"), "gpus[0]", equalTo("")),
                // a misspelt field must not be ignored
                bad("unknown field batchSze", seed().with("batchSze", "8"), "batchSze", notNullValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedValues")
    void badValueIsA400NamingTheFieldAndTheValue(Body body, String field, Matcher<?> rejectedValue) {
        postExpecting400(body.json())
                .body("errors.field", hasItem(field))
                .body(error(field) + ".rejectedValue", rejectedValue)
                .body(error(field) + ".message", notNullValue());
    }

    // ---------------------------------------------------------------- tokens Jackson cannot bind

    /** A value of the wrong JSON type: (request, field to name, the value it must report as rejected). */
    static Stream<Arguments> wrongJsonTypes() {
        return Stream.of(
                // a quoted number where a number is needed
                bad("numLayers \"16\"", seed().with("numLayers", "\"16\""), "numLayers", equalTo("16")),
                bad(
                        "parametersBillions \"1\"",
                        seed().with("parametersBillions", "\"1\""),
                        "parametersBillions",
                        equalTo("1")),
                bad("numLayers true", seed().with("numLayers", "true"), "numLayers", equalTo(true)),
                bad("gpus a string, not an array", seed().with("gpus", "\"a40\""), "gpus", equalTo("a40")));
    }

    /** A whole number beyond the Java type: (request, field to name, the value it must report as rejected). */
    static Stream<Arguments> outOfRangeNumbers() {
        return Stream.of(
                // 2^63 = 9,223,372,036,854,775,808 = Long.MAX_VALUE + 1
                bad(
                        "parameters 2^63",
                        seed().without("parametersBillions").with("parameters", "9223372036854775808"),
                        "parameters",
                        number("9223372036854775808")),
                // 2^31 = 2,147,483,648 = Integer.MAX_VALUE + 1
                bad("numLayers 2^31", seed().with("numLayers", "2147483648"), "numLayers", number("2147483648")),
                // -2^31 - 1 = Integer.MIN_VALUE - 1
                bad(
                        "batchSize -2^31 - 1",
                        seed().with("batchSize", "-2147483649"),
                        "batchSize",
                        number("-2147483649")));
    }

    static Stream<Arguments> unbindableValues() {
        return Stream.concat(wrongJsonTypes(), outOfRangeNumbers());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unbindableValues")
    void unbindableValueIsA400NamingTheField(Body body, String field, Matcher<?> rejectedValueCheckedBelow) {
        postExpecting400(body.json())
                .body("errors.field", hasItem(field))
                .body(error(field) + ".message", notNullValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongJsonTypes")
    void wrongJsonTypeReportsTheRejectedValue(Body body, String field, Matcher<?> rejectedValue) {
        postExpecting400(body.json()).body(error(field) + ".rejectedValue", rejectedValue);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfRangeNumbers")
    void outOfRangeNumberReportsTheRejectedValue(Body body, String field, Matcher<?> rejectedValue) {
        postExpecting400(body.json()).body(error(field) + ".rejectedValue", rejectedValue);
    }

    // ---------------------------------------------------------------- a field without a value

    /** (request, field the error must name). */
    static Stream<Arguments> missingValues() {
        return Stream.of(
                missing("numLayers absent", seed().without("numLayers"), "numLayers"),
                missing("numLayers null", seed().with("numLayers", "null"), "numLayers"),
                missing("numAttentionHeads absent", seed().without("numAttentionHeads"), "numAttentionHeads"),
                missing("weightDtype absent", seed().without("weightDtype"), "weightDtype"),
                missing("batchSize absent", seed().without("batchSize"), "batchSize"),
                missing("sequenceLength absent", seed().without("sequenceLength"), "sequenceLength"),
                missing("gpus empty", seed().with("gpus", "[]"), "gpus"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingValues")
    void missingValueIsA400NamingTheField(Body body, String field) {
        postExpecting400(body.json())
                .body("errors.field", hasItem(field))
                .body(error(field) + ".message", notNullValue());
    }

    @Test
    void bothParametersAndParametersBillionsIsA400() {
        postExpecting400(seed().with("parameters", "1000000000").json())
                .body("errors.field", hasItem(anyOf(equalTo("parameters"), equalTo("parametersBillions"))))
                .body(
                        "errors.message",
                        hasItem(allOf(containsString("parameters"), containsString("parametersBillions"))));
    }

    @Test
    void neitherParametersNorParametersBillionsIsA400() {
        postExpecting400(seed().without("parametersBillions").json())
                .body("errors.field", hasItem(anyOf(equalTo("parameters"), equalTo("parametersBillions"))))
                .body(
                        "errors.message",
                        hasItem(allOf(containsString("parameters"), containsString("parametersBillions"))));
    }

    @Test
    void headDimAndHiddenSizeBothAbsentIsA400() {
        postExpecting400(seed().without("headDim").json())
                .body("errors.field", hasItem(anyOf(equalTo("headDim"), equalTo("hiddenSize"))))
                .body("errors.message", hasItem(allOf(containsString("headDim"), containsString("hiddenSize"))));
    }

    @Test
    void unknownWeightDtypeListsTheAllowedOnes() {
        postExpecting400(seed().with("weightDtype", "\"fp12\"").json())
                .body(error("weightDtype") + ".message", containsString(ALLOWED_DTYPES));
    }

    @Test
    void ambiguousA100ListsBothProfiles() {
        postExpecting400(seed().with("gpus", "[\"A100\"]").json())
                .body(error("gpus[0]") + ".rejectedValue", equalTo("A100"))
                .body(
                        error("gpus[0]") + ".message",
                        allOf(containsString("a100-pcie-40gb"), containsString("a100-sxm4-80gb")));
    }

    @Test
    void unknownFieldMessageNamesTheAllowedFields() {
        postExpecting400(seed().with("batchSze", "8").json())
                .body(error("batchSze") + ".message", containsString("batchSize"));
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        postExpecting400(seed().with("numLayers", "0").with("batchSize", "0").json())
                .body("errors.field", hasItems("numLayers", "batchSize"));
        postExpecting400(seed().with("weightDtype", "\"fp12\"")
                        .with("gpus", "[\"nope\"]")
                        .json())
                .body("errors.field", hasItems("weightDtype", "gpus[0]"));
    }

    // ---------------------------------------------------------------- bodies that are not one JSON object

    @ParameterizedTest(name = "body: {0}")
    @ValueSource(
            strings = {
                "{\"parametersBillions\": 1, \"numLayers\": ", // truncated
                "{parametersBillions: 1}", // unquoted name
                "{\"parametersBillions\": 1,}", // trailing comma
                "not json",
                "", // empty body
                "[]", // an array
                "[" + SEED + "]", // the seed inside an array
                "null",
                "42",
                "\"text\"",
                SEED + " {}" // trailing tokens
            })
    void bodyThatIsNotOneJsonObjectIsA400(String body) {
        postExpecting400(body)
                // "$": the body as a whole
                .body("errors.field", hasItem("$"))
                .body("errors.message", hasItem(notNullValue()));
    }

    /**
     * Issue 11, defect 7: the parser's own wording named its switches and limits ("enable
     * `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow", "from `StreamReadConstraints...`",
     * "[Source: REDACTED (`StreamReadFeature...` disabled)]"). The problem says what is wrong in
     * plain words, with the line and column, and never names the library.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedJsonIsDescribedWithoutTheParsersInternals(String name, String body) {
        String answer = postExpecting400(body)
                .body("errors[0].message", containsString("JSON"))
                .extract()
                .asString();
        for (String internal : new String[] {"`", "Feature", "Constraints", "Exception", "Source:", "REDACTED"}) {
            org.assertj.core.api.Assertions.assertThat(answer).as(name).doesNotContain(internal);
        }
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("NaN", "{\"batchSize\": NaN}"),
                Arguments.of("a comment", "{\"batchSize\": 4 // four\n}"),
                Arguments.of("a single-quoted name", "{'batchSize': 4}"),
                Arguments.of("unclosed object", "{\"engine\": {\"name\": \"vllm\""),
                Arguments.of("a number of 1,001 digits", "{\"batchSize\": " + "9".repeat(1_001) + "}"),
                Arguments.of("nesting 1,001 deep", "{\"modelConfig\": " + "[".repeat(1_001) + "]".repeat(1_001) + "}"),
                Arguments.of("a name of 60,000 characters", "{\"" + "a".repeat(60_000) + "\": 1}"),
                Arguments.of("a raw control character", "{\"model\": \"a\u0001b\"}"));
    }

    /**
     * Issue 11, defect 7: surrounding whitespace is forgiven in names, but a control character is
     * part of the name: {@code "fp16\u0000"} is not fp16 (it was read as fp16).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"weightDtype", "kvCacheDtype", "gpus", "model", "engine.name"})
    void aNameWithANulCharacterIsNotTheName(String field) {
        Body body = seed();
        String nul = "\\u0000";
        String expected = field;
        switch (field) {
            case "weightDtype" -> body.with("weightDtype", "\"fp16" + nul + "\"");
            case "kvCacheDtype" -> body.with("kvCacheDtype", "\"fp8" + nul + "\"");
            case "gpus" -> {
                body.with("gpus", "[\"a40" + nul + "\"]");
                expected = "gpus[0]";
            }
            case "model" ->
                body.without("parametersBillions")
                        .without("weightDtype")
                        .without("numLayers")
                        .without("numAttentionHeads")
                        .without("numKeyValueHeads")
                        .without("headDim")
                        .with("model", "\"meta-llama/Llama-3.1-8B" + nul + "\"");
            default -> body.with("engine", "{\"name\": \"vllm" + nul + "\"}");
        }
        postExpecting400(body.json()).body("errors.field", hasItem(expected));
        // surrounding whitespace, by contrast, is forgiven
        postJson(api, "/estimate", seed().with("weightDtype", "\" fp16\\t\"").json(), 200);
    }

    @Test
    void duplicateKeyIsA400() {
        // a repeated key must not silently overwrite the first
        String body = SEED.replace("\"numLayers\": 16", "\"numLayers\": 16, \"numLayers\": 32");
        postExpecting400(body).body("errors.message", hasItem(containsString("numLayers")));
    }

    @Test
    void duplicateKeyIsA400NamingTheKey() {
        // a repeated key must not silently overwrite the first
        String body = SEED.replace("\"numLayers\": 16", "\"numLayers\": 16, \"numLayers\": 32");
        postExpecting400(body).body("errors.field", hasItem("numLayers"));
    }

    // ---------------------------------------------------------------- overflow and content type

    @Test
    void byteCountBeyondALongIsA400EstimateTooLarge() {
        // each value within its limit, but 2 x 10,000 x 65,536 x 65,536 x 2 B = 171,798,691,840,000 B
        // per token, x 1,000,000 x 100,000,000 tokens = 1.7e28 > 9,223,372,036,854,775,807
        String body = seed().with("numLayers", "10000")
                .with("numAttentionHeads", "65536")
                .with("numKeyValueHeads", "65536")
                .with("headDim", "65536")
                .with("batchSize", "1000000")
                .with("sequenceLength", "100000000")
                .json();
        given(api)
                .contentType("application/json")
                .body(body)
                .when()
                .post("/estimate")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:gpu-fit:problem:estimate-too-large"))
                .body("status", number("400"))
                .body("errors.message", hasItem(notNullValue()));
    }

    @Test
    void textPlainIsA415Problem() {
        given(api)
                .contentType("text/plain")
                .body(SEED)
                .when()
                .post("/estimate")
                .then()
                .statusCode(415)
                .contentType(PROBLEM_JSON)
                .body("status", number("415"));
    }

    @Test
    void octetStreamIsA415Problem() {
        given(api)
                .contentType("application/octet-stream")
                .body(SEED.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when()
                .post("/estimate")
                .then()
                .statusCode(415)
                .contentType(PROBLEM_JSON);
    }

    // ---------------------------------------------------------------- helpers

    /** The worked example of the reference README as one constant (it is used in annotations). */
    private static final String SEED = "{\"parametersBillions\": 1, \"weightDtype\": \"fp16\", \"numLayers\": 16, "
            + "\"numAttentionHeads\": 32, \"numKeyValueHeads\": 8, \"headDim\": 64, \"batchSize\": 4, "
            + "\"sequenceLength\": 256}";

    private ValidatableResponse postExpecting400(String body) {
        return postJson(api, "/estimate", body, 400).body("title", notNullValue());
    }

    private static Arguments bad(String name, Body body, String field, Matcher<?> rejectedValue) {
        return Arguments.of(Named.of(name, body), field, rejectedValue);
    }

    private static Arguments missing(String name, Body body, String field) {
        return Arguments.of(Named.of(name, body), field);
    }

    /** The worked example of the reference README, a valid request (the same as {@link #SEED}). */
    private static Body seed() {
        return new Body()
                .with("parametersBillions", "1")
                .with("weightDtype", "\"fp16\"")
                .with("numLayers", "16")
                .with("numAttentionHeads", "32")
                .with("numKeyValueHeads", "8")
                .with("headDim", "64")
                .with("batchSize", "4")
                .with("sequenceLength", "256");
    }

    /** A JSON object built from raw JSON values, so that any token can be sent as is. */
    static final class Body {
        private final Map<String, String> fields = new LinkedHashMap<>();

        Body with(String name, String rawJson) {
            fields.put(name, rawJson);
            return this;
        }

        Body without(String name) {
            fields.remove(name);
            return this;
        }

        String json() {
            return fields.entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                    .collect(Collectors.joining(", ", "{", "}"));
        }

        @Override
        public String toString() {
            return json();
        }
    }

    /** A JSON number numerically equal to {@code expected}, whatever Java type the JSON path gives it. */
}
