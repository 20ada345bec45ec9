package io.gpufit.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Under /actuator only health, info and prometheus exist; every other endpoint is 404. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActuatorExposureTest {

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "GET /actuator/{0} is 404")
    @ValueSource(
            strings = {
                "env",
                "env/HF_TOKEN",
                "beans",
                "heapdump",
                "threaddump",
                "configprops",
                "loggers",
                "metrics",
                "mappings",
                "conditions",
                "scheduledtasks",
                "caches",
                "startup",
                "sbom",
                "logfile",
                "auditevents",
                "httpexchanges",
                "shutdown"
            })
    void everyOtherEndpointIsAbsent(String endpoint) {
        given().port(port).when().get("/actuator/" + endpoint).then().statusCode(404);
    }

    @Test
    void shutdownCannotBePosted() {
        int status = given().port(port)
                .when()
                .post("/actuator/shutdown")
                .then()
                .extract()
                .statusCode();
        assertThat(status).isIn(404, 405);
    }

    @Test
    void theIndexListsHealthInfoAndPrometheusOnly() {
        Map<String, Object> links = given().port(port)
                .when()
                .get("/actuator")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("_links");

        assertThat(links).containsOnlyKeys("self", "health", "health-path", "info", "prometheus");
    }

    @Test
    void prometheusAnswersInItsTextFormat() {
        given().port(port)
                .accept("text/plain")
                .when()
                .get("/actuator/prometheus")
                .then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/plain"));
    }
}
