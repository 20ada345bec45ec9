package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.number;
import static io.gpufit.web.JsonMatchers.postJson;
import static io.gpufit.web.JsonMatchers.seed;
import static io.gpufit.web.JsonMatchers.whole;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * POST /plan: many POST /estimate requests in one call. Each scenario's result must be what
 * POST /estimate answers for the same request; bad input is a 400 naming
 * {@code scenarios[i].request.field}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlanApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final List<String> TOP_LEVEL_GPUS = List.of("l4", "a100-sxm4-80gb", "h100-sxm5-80gb");

    @LocalServerPort
    int port;

    private RequestSpecification api;

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).setContentType(ContentType.JSON).build();
    }

    // ---------------------------------------------------------------- results

    @Test
    void twoScenariosAnswerAsPostEstimateDoes() {
        Map<String, Object> chat = chat8b();
        Map<String, Object> batch = batch70b();
        Map<String, Object> plan = plan(TOP_LEVEL_GPUS, scenario("chat-8b", chat), scenario("batch-70b", batch));

        JsonPath answer = postPlan(plan)
                .body("results", hasSize(2))
                .body("results.index", contains(0, 1))
                .body("results.name", contains("chat-8b", "batch-70b"))
                .body("results[0].estimate.recommendation", notNullValue())
                .body("results[1].estimate.recommendation", notNullValue())
                .body("results[0].estimate.candidates", hasSize(3))
                .body("results[1].estimate.candidates", hasSize(3))
                // Llama-3.1-70B: 8 x 4,096 tokens x 327,680 B = 10,737,418,240 B of KV;
                // 70,553,706,496 x 2 B = 141,107,412,992 B of weights; total 151,844,831,232
                .body("results[1].estimate.total.bytes", whole(151_844_831_232L))
                .extract()
                .jsonPath();

        // the same requests, with the top-level gpus, through POST /estimate
        chat.put("gpus", TOP_LEVEL_GPUS);
        batch.put("gpus", TOP_LEVEL_GPUS);
        JsonPath chatAlone = postEstimate(chat).extract().jsonPath();
        JsonPath batchAlone = postEstimate(batch).extract().jsonPath();

        assertThat(answer.getMap("results[0].estimate.recommendation")).isEqualTo(chatAlone.getMap("recommendation"));
        assertThat(answer.getMap("results[1].estimate.recommendation")).isEqualTo(batchAlone.getMap("recommendation"));
        assertThat(answer.getLong("results[0].estimate.total.bytes")).isEqualTo(chatAlone.getLong("total.bytes"));
        assertThat(answer.getLong("results[1].estimate.total.bytes")).isEqualTo(batchAlone.getLong("total.bytes"));
        assertThat(answer.getList("results[0].estimate.candidates.gpu")).isEqualTo(chatAlone.getList("candidates.gpu"));
        assertThat(answer.getList("results[1].estimate.candidates.gpu"))
                .isEqualTo(batchAlone.getList("candidates.gpu"));
    }

    @Test
    void topLevelGpusApplyOnlyToScenariosWithoutTheirOwn() {
        Map<String, Object> own = seed();
        own.put("gpus", List.of("p100-pcie-16gb"));

        postPlan(plan(TOP_LEVEL_GPUS, scenario("inherits", seed()), scenario("own", own)))
                .body("results[0].estimate.candidates.gpu", containsInAnyOrder(TOP_LEVEL_GPUS.toArray()))
                .body("results[1].estimate.candidates.gpu", contains("p100-pcie-16gb"))
                .body("results[1].estimate.recommendation.gpu", equalTo("p100-pcie-16gb"))
                // the seed of the reference README: 2,000,000,000 + 4 x 256 x 32,768 = 2,033,554,432
                .body("results.estimate.total.bytes", everyItem(whole(2_033_554_432L)));
    }

    @Test
    void withoutTopLevelGpusAScenarioWithoutGpusGetsTheWholeCatalog() {
        postPlan(plan(null, scenario("all", seed())))
                // 24 profiles in gpus.yaml
                .body("results[0].estimate.candidates", hasSize(24));
    }

    // ---------------------------------------------------------------- 400

    @Test
    void emptyScenariosIsA400() {
        postPlanExpecting400(plan(TOP_LEVEL_GPUS)).body("errors.field", hasItem("scenarios"));
    }

    @Test
    void scenarioWithoutRequestIsA400() {
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("name", "no request");

        postPlanExpecting400(plan(TOP_LEVEL_GPUS, scenario)).body("errors.field", hasItem("scenarios[0].request"));
    }

    @Test
    void unknownFieldInsideAScenarioRequestIsNamedWithItsPath() {
        Map<String, Object> typo = seed();
        typo.put("batchSze", 8);

        postPlanExpecting400(plan(TOP_LEVEL_GPUS, scenario("ok", seed()), scenario("typo", typo)))
                .body("errors.field", hasItem("scenarios[1].request.batchSze"));
    }

    @Test
    void mapperLevelErrorIsNamedWithItsScenario() {
        Map<String, Object> unknown = new LinkedHashMap<>();
        unknown.put("model", "nobody/No-Such-Model");
        unknown.put("batchSize", 1);
        unknown.put("sequenceLength", 1_024);

        postPlanExpecting400(plan(TOP_LEVEL_GPUS, scenario("unknown", unknown), scenario("ok", seed())))
                .body("errors.field", hasItem("scenarios[0].request.model"))
                .body(
                        "errors.find { it.field == 'scenarios[0].request.model' }.rejectedValue",
                        equalTo("nobody/No-Such-Model"));
    }

    @Test
    void moreThanAThousandScenariosIsA400() {
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            scenarios.add(scenario("s" + i, seed()));
        }
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("gpus", List.of("p100-pcie-16gb"));
        plan.put("scenarios", scenarios);

        postPlanExpecting400(plan).body("errors.field", hasItem("scenarios"));
    }

    /**
     * Issue 11, defect 1: the top-level gpus' errors were repeated in every scenario and joined
     * into the detail in quadratic time (300 scenarios x 100 unknown names: 30,000 errors, a 16 MB
     * answer, 43 s of CPU). Now each is reported once, as gpus[i], and the answer stays small.
     */
    @Test
    void unknownTopLevelGpusAreReportedOnceHoweverManyScenariosInheritThem() {
        List<String> unknown =
                IntStream.range(0, 100).mapToObj(i -> "no-such-gpu-" + i).toList();
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            scenarios.add(scenario("s" + i, seed()));
        }
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("gpus", unknown);
        plan.put("scenarios", scenarios);

        String answer = postPlanExpecting400(plan)
                .body("errors", hasSize(100))
                .body(
                        "errors.field",
                        contains(IntStream.range(0, 100)
                                .mapToObj(i -> "gpus[" + i + "]")
                                .toArray()))
                .body("errors.rejectedValue", contains(unknown.toArray()))
                .body("omittedErrors", nullValue())
                .extract()
                .asString();
        // 100 errors, each in errors and in the detail: well under 100 KB (it was 16 MB)
        assertThat(answer.length()).isLessThan(100_000);
        assertThat(answer).doesNotContain("scenarios[");
    }

    /**
     * Each scenario naming 100 unknown GPUs: the first scenario's 100 errors reach the limit of
     * errors listed, so the other 49 are not checked (and say so) instead of adding 4,900 errors
     * nobody would read.
     */
    @Test
    void onceTheErrorLimitIsReachedTheRemainingScenariosAreNotChecked() {
        List<String> unknown =
                IntStream.range(0, 100).mapToObj(i -> "no-such-gpu-" + i).toList();
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Map<String, Object> request = seed();
            request.put("gpus", unknown);
            scenarios.add(scenario("s" + i, request));
        }
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("scenarios", scenarios);

        String answer = postPlanExpecting400(plan)
                .body("errors", hasSize(100))
                .body("errors[99].field", equalTo("scenarios[0].request.gpus[99]"))
                .body("detail", endsWith("; scenarios 1 to 49 were not checked"))
                .extract()
                .asString();
        assertThat(answer.length()).isLessThan(100_000);
    }

    /**
     * Issue 11, defect 8: 1,000 scenarios on the whole catalog (24 GPUs) would answer 24,000
     * candidate rows (tens of MB); more than 5,000 is refused before anything is computed.
     */
    @Test
    void aPlanOverTheCandidateRowLimitIsRefusedNamingTheProduct() {
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            scenarios.add(scenario("s" + i, seed()));
        }
        postPlanExpecting400(plan(null, scenarios.toArray(Map[]::new)))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("scenarios"))
                .body("errors[0].rejectedValue", number("24000"))
                .body("errors[0].message", startsWith("this plan asks for 24,000 candidate rows (1,000 scenarios,"))
                .body("errors[0].message", containsString("more than the 5,000 one answer may hold"));
    }

    /** Issue 11, defect 7: an overflow inside a scenario names the scenario, not the body as a whole ($). */
    @Test
    void anOverflowInAScenarioNamesTheScenario() {
        Map<String, Object> huge = seed();
        huge.remove("parametersBillions");
        huge.put("parameters", 1_000_000_000_000_000L);
        huge.put("weightDtype", "fp32");
        huge.put("batchSize", 1_000_000);
        huge.put("sequenceLength", 100_000_000);
        huge.put("numLayers", 10_000);
        huge.put("numAttentionHeads", 65_536);
        huge.put("numKeyValueHeads", 65_536);
        huge.put("headDim", 65_536);

        given(api)
                .contentType(ContentType.JSON)
                .body(JSON.writeValueAsString(plan(TOP_LEVEL_GPUS, scenario("fine", seed()), scenario("huge", huge))))
                .post("/plan")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:gpu-fit:problem:estimate-too-large"))
                .body("errors[0].field", equalTo("scenarios[1].request"))
                .body("detail", startsWith("scenarios[1] (\"huge\"): the byte count of"));
    }

    // ---------------------------------------------------------------- the whole catalog

    @Test
    void wholeModelCatalogOnEveryGpuInOneCall() {
        List<String> models = given(api)
                .when()
                .get("/models")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("models.id", String.class);
        List<String> gpus = given(api)
                .when()
                .get("/gpus")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("gpus.id", String.class);
        assertThat(models).isNotEmpty();
        assertThat(gpus).isNotEmpty();

        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (String model : models) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("model", model);
            request.put("batchSize", 1);
            request.put("sequenceLength", 4_096);
            scenarios.add(scenario(model, request));
        }
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("gpus", gpus);
        plan.put("scenarios", scenarios);

        postPlan(plan)
                .body("results", hasSize(models.size()))
                .body("results.name", contains(models.toArray()))
                .body(
                        "results.index",
                        contains(IntStream.range(0, models.size()).boxed().toArray()))
                .body("results.collect { it.estimate.candidates.size() }", everyItem(equalTo(gpus.size())));
    }

    // ---------------------------------------------------------------- helpers

    /** The example of PlanController: Llama-3.1-8B, 32 x 8,192 tokens, vLLM with its defaults. */
    private static Map<String, Object> chat8b() {
        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("name", "vllm");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", "meta-llama/Llama-3.1-8B");
        request.put("batchSize", 32);
        request.put("sequenceLength", 8_192);
        request.put("engine", engine);
        return request;
    }

    /** Llama-3.1-70B, 8 x 4,096 tokens, textbook estimate. */
    private static Map<String, Object> batch70b() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", "meta-llama/Llama-3.1-70B");
        request.put("batchSize", 8);
        request.put("sequenceLength", 4_096);
        return request;
    }

    private static Map<String, Object> scenario(String name, Map<String, Object> request) {
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("name", name);
        scenario.put("request", request);
        return scenario;
    }

    @SafeVarargs
    private static Map<String, Object> plan(List<String> gpus, Map<String, Object>... scenarios) {
        Map<String, Object> plan = new LinkedHashMap<>();
        if (gpus != null) {
            plan.put("gpus", gpus);
        }
        plan.put("scenarios", List.of(scenarios));
        return plan;
    }

    private ValidatableResponse postPlan(Map<String, Object> body) {
        return postJson(api, "/plan", JSON.writeValueAsString(body), 200);
    }

    private ValidatableResponse postEstimate(Map<String, Object> body) {
        return postJson(api, "/estimate", JSON.writeValueAsString(body), 200);
    }

    private ValidatableResponse postPlanExpecting400(Map<String, Object> body) {
        return postJson(api, "/plan", JSON.writeValueAsString(body), 400);
    }
}
