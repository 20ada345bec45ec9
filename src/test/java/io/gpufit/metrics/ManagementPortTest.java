package io.gpufit.metrics;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With management.server.port set, the actuator answers there and no longer on the API's port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ManagementPortTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void prometheusAndTheProbesMoveToTheManagementPort() {
        Scrape.of(managementPort);
        given().port(managementPort)
                .when()
                .get("/actuator/health/readiness")
                .then()
                .statusCode(200);
        given().port(managementPort).when().get("/actuator/env").then().statusCode(404);

        given().port(port).when().get("/actuator/prometheus").then().statusCode(404);
        given().port(port).when().get("/gpus").then().statusCode(200);
    }
}
