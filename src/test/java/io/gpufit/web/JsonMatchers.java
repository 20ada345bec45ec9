package io.gpufit.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** What the API tests share: a request spec for the running server, the seed body, paths and number matchers. */
final class JsonMatchers {

    private JsonMatchers() {}

    /** Requests to the server on {@code port}; decimals come back as double, so 2.033554432 stays intact. */
    static RequestSpecBuilder apiOn(int port) {
        return new RequestSpecBuilder()
                .setPort(port)
                .setAccept("application/json, application/problem+json")
                .setConfig(RestAssuredConfig.config()
                        .jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE)));
    }

    static final String PROBLEM_JSON = "application/problem+json";

    /**
     * POSTs a JSON body and checks the outcome's shape: 200 with JSON, or a 400 problem
     * ({@code application/problem+json}, {@code status} 400, at least one error).
     */
    static ValidatableResponse postJson(RequestSpecification api, String path, String json, int status) {
        ValidatableResponse response = given(api)
                .contentType(ContentType.JSON)
                .body(json)
                .when()
                .post(path)
                .then()
                .statusCode(status);
        if (status == 400) {
            return response.contentType(PROBLEM_JSON)
                    .body("status", number("400"))
                    .body("errors", not(empty()));
        }
        return response.contentType(ContentType.JSON);
    }

    /** JSON path of the error naming {@code field}. */
    static String error(String field) {
        return "errors.find { it.field == '" + field + "' }";
    }

    /** The worked example of the reference README, without a gpus field: a fresh, mutable body. */
    static Map<String, Object> seed() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("parametersBillions", 1);
        body.put("weightDtype", "fp16");
        body.put("numLayers", 16);
        body.put("numAttentionHeads", 32);
        body.put("numKeyValueHeads", 8);
        body.put("headDim", 64);
        body.put("batchSize", 4);
        body.put("sequenceLength", 256);
        return body;
    }

    /** JSON path of a field of the candidate row for {@code gpu}. */
    static String candidate(String gpu, String field) {
        return "candidates.find { it.gpu == '" + gpu + "' }." + field;
    }

    /** A JSON integer equal to {@code expected}, whatever Java type the JSON path gives it. */
    static Matcher<Object> whole(long expected) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof Number n
                        && !(n instanceof Double || n instanceof Float || n instanceof BigDecimal)
                        && n.toString().equals(Long.toString(expected));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("the whole number " + expected);
            }
        };
    }

    /** A JSON number numerically equal to {@code expected} (1 == 1.0). */
    static Matcher<Object> number(String expected) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof Number n
                        && new BigDecimal(n.toString()).compareTo(new BigDecimal(expected)) == 0;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("the number " + expected);
            }
        };
    }
}
