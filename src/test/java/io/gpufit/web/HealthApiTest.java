package io.gpufit.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The actuator probes a container orchestrator polls. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HealthApiTest {

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0} is UP")
    @ValueSource(strings = {"/actuator/health/liveness", "/actuator/health/readiness"})
    void probesAnswerUp(String path) {
        given().port(port).when().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void overallHealthIsUp() {
        given().port(port).when().get("/actuator/health").then().statusCode(200).body("status", equalTo("UP"));
    }
}
