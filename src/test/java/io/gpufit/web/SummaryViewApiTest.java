package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.error;
import static io.gpufit.web.JsonMatchers.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code ?view=summary}: the compact answer for schedulers. The same recommendation and candidate
 * rows as the full answer, without each candidate's tried placements and engine derivation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SummaryViewApiTest {

    private static final String VLLM_BODY = "{\"model\": \"meta-llama/Llama-3.1-8B\", \"batchSize\": 8, "
            + "\"sequenceLength\": 4096, \"engine\": {\"name\": \"vllm\"}}";

    @LocalServerPort
    int port;

    private RequestSpecification api;

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).setContentType(ContentType.JSON).build();
    }

    @Test
    void summaryKeepsEveryRowAndDropsTriedListsAndDerivations() {
        JsonPath full = postJson(api, "/estimate", VLLM_BODY, 200).extract().jsonPath();
        JsonPath summary = postJson(api, "/estimate?view=summary", VLLM_BODY, 200)
                .extract()
                .jsonPath();

        assertThat(summary.getList("candidates")).hasSameSizeAs(full.getList("candidates"));
        assertThat(summary.getMap("recommendation")).isEqualTo(full.getMap("recommendation"));
        assertThat(summary.getList("candidates.gpu")).isEqualTo(full.getList("candidates.gpu"));
        assertThat(summary.getList("candidates.requiredBytesPerGpu"))
                .isEqualTo(full.getList("candidates.requiredBytesPerGpu"));
        assertThat(summary.getList("candidates.serving.kvCacheTokens"))
                .isEqualTo(full.getList("candidates.serving.kvCacheTokens"));
        // the top-level textbook derivation stays; the per-candidate ones go
        assertThat(summary.getList("derivation")).isEqualTo(full.getList("derivation"));
        List<Map<String, Object>> candidates = summary.getList("candidates");
        for (Map<String, Object> candidate : candidates) {
            assertThat(candidate).doesNotContainKey("tried");
            @SuppressWarnings("unchecked")
            Map<String, Object> serving = (Map<String, Object>) candidate.get("serving");
            assertThat(serving).doesNotContainKey("derivation");
        }
        assertThat(full.getList("candidates[0].tried")).isNotEmpty();
        assertThat(full.getList("candidates[0].serving.derivation")).isNotEmpty();
    }

    @Test
    void summaryAppliesToEveryScenarioOfAPlan() {
        String body = "{\"scenarios\": [{\"name\": \"llama\", \"request\": " + VLLM_BODY + "}]}";
        JsonPath summary =
                postJson(api, "/plan?view=summary", body, 200).extract().jsonPath();
        assertThat(summary.getList("results[0].estimate.candidates.tried")).containsOnlyNulls();
        assertThat(summary.getString("results[0].estimate.recommendation.gpu")).isNotNull();
    }

    @Test
    void anUnknownViewIsNamedWithTheAllowedValues() {
        postJson(api, "/estimate?view=compact", VLLM_BODY, 400)
                .body(error("view") + ".rejectedValue", equalTo("compact"))
                .body(error("view") + ".message", equalTo("allowed: full, summary"));
    }
}
