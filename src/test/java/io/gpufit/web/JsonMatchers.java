package io.gpufit.web;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import java.math.BigDecimal;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** What the API tests share: a request spec for the running server and number matchers. */
final class JsonMatchers {

    private JsonMatchers() {
    }

    /** Requests to the server on {@code port}; decimals come back as double, so 2.033554432 stays intact. */
    static RequestSpecBuilder apiOn(int port) {
        return new RequestSpecBuilder()
                .setPort(port)
                .setAccept("application/json, application/problem+json")
                .setConfig(RestAssuredConfig.config()
                        .jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE)));
    }

    /** A JSON integer equal to {@code expected}, whatever Java type the JSON path gives it. */
    static Matcher<Object> whole(long expected) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof Number n && !(n instanceof Double || n instanceof Float
                        || n instanceof BigDecimal) && n.toString().equals(Long.toString(expected));
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
                return item instanceof Number n && new BigDecimal(n.toString()).compareTo(new BigDecimal(expected)) == 0;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("the number " + expected);
            }
        };
    }
}
