package io.gpufit.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every answer carries an X-Request-Id: the caller's when it is sane, else a new UUID. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestIdApiTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @LocalServerPort
    int port;

    @Test
    void aRequestWithoutAnIdGetsANewUuid() {
        String first = given().port(port)
                .when()
                .get("/gpus")
                .then()
                .statusCode(200)
                .header("X-Request-Id", matchesPattern(UUID))
                .extract()
                .header("X-Request-Id");
        String second = given().port(port).when().get("/gpus").then().extract().header("X-Request-Id");

        assertThat(second).isNotEqualTo(first);
    }

    @ParameterizedTest(name = "{0} is echoed")
    @ValueSource(
            strings = {
                "abc-123",
                "0af7651916cd43dd8448eb211c80319c",
                "f47ac10b-58cc-4372-a567-0e02b2c3d479",
                "svc.gw:42/r+Q==",
                "x"
            })
    void aSaneIdIsEchoed(String id) {
        given().port(port)
                .header("X-Request-Id", id)
                .when()
                .get("/gpus")
                .then()
                .statusCode(200)
                .header("X-Request-Id", equalTo(id));
    }

    @Test
    void anIdOf128CharactersIsEchoedAndOneOf129IsReplaced() {
        String longest = "a".repeat(128);
        given().port(port)
                .header("X-Request-Id", longest)
                .when()
                .get("/gpus")
                .then()
                .header("X-Request-Id", equalTo(longest));
        given().port(port)
                .header("X-Request-Id", longest + "a")
                .when()
                .get("/gpus")
                .then()
                .header("X-Request-Id", matchesPattern(UUID));
    }

    @ParameterizedTest(name = "\"{0}\" is replaced")
    @ValueSource(
            strings = {
                "two words",
                "quote\"d",
                "semi;colon",
                "<script>",
                "${jndi:ldap://x}",
                "%0d%0aSet-Cookie:x",
                "tab\there",
                "ünïcode"
            })
    void anUnsafeIdIsReplacedByANewOne(String id) {
        given().port(port)
                .header("X-Request-Id", id)
                .when()
                .get("/gpus")
                .then()
                .statusCode(200)
                .header("X-Request-Id", not(equalTo(id)))
                .header("X-Request-Id", matchesPattern(UUID));
    }

    @Test
    void errorsCarryTheIdToo() {
        given().port(port)
                .header("X-Request-Id", "bad-request-1")
                .contentType(ContentType.JSON)
                .body("{\"batchSize\": 0}")
                .when()
                .post("/estimate")
                .then()
                .statusCode(400)
                .header("X-Request-Id", equalTo("bad-request-1"));
        given().port(port)
                .header("X-Request-Id", "not-found-1")
                .when()
                .get("/no-such-page")
                .then()
                .statusCode(404)
                .header("X-Request-Id", equalTo("not-found-1"));
        given().port(port)
                .header("X-Request-Id", "probe-1")
                .when()
                .get("/actuator/health/readiness")
                .then()
                .statusCode(200)
                .header("X-Request-Id", equalTo("probe-1"));
    }
}
