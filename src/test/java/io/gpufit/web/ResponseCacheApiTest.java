package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A repeated request gets the same bytes; other bodies, views and failures are never mixed up. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ResponseCacheApiTest {

    private static final String SEED = "{\"parametersBillions\": 1, \"weightDtype\": \"fp16\", \"numLayers\": 16, "
            + "\"numAttentionHeads\": 32, \"numKeyValueHeads\": 8, \"headDim\": 64, \"batchSize\": 4, "
            + "\"sequenceLength\": 256, \"gpus\": [\"p100-pcie-16gb\", \"a40\"]}";

    @LocalServerPort
    int port;

    private RequestSpecification api;

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).setContentType(ContentType.JSON).build();
    }

    private String post(String path, String body, int status) {
        return postJson(api, path, body, status).extract().asString();
    }

    @Test
    void theSameRequestGetsTheSameAnswerAndOthersTheirOwn() {
        String first = post("/estimate", SEED, 200);
        assertThat(post("/estimate", SEED, 200)).isEqualTo(first);
        // a different body and a different view are answered for themselves
        String batch8 = post("/estimate", SEED.replace("\"batchSize\": 4", "\"batchSize\": 8"), 200);
        assertThat(batch8).isNotEqualTo(first).contains("\"batchSize\":8");
        assertThat(post("/estimate?view=summary", SEED, 200)).isNotEqualTo(first);
        assertThat(post("/estimate", SEED, 200)).isEqualTo(first);
    }

    @Test
    void failuresAreNeverKept() {
        String bad = SEED.replace("\"batchSize\": 4", "\"batchSize\": 0");
        String problem = post("/estimate", bad, 400);
        assertThat(post("/estimate", bad, 400)).isEqualTo(problem).contains("batchSize");
    }
}
