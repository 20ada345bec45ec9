package io.gpufit.web;

import static io.gpufit.web.DeploymentApiTest.bigModel;
import static io.gpufit.web.JsonMatchers.error;
import static io.gpufit.web.JsonMatchers.postJson;
import static io.gpufit.web.JsonMatchers.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code inventory}: the recommendation is the best placement the free GPUs hold. The model of {@link
 * DeploymentApiTest#bigModel}, 60 billion fp16 parameters (120,000,000,000 B), needs 2 H100s (60 GB each) or
 * 4 L40S (30 GB each; 2 would need 60 GB of a 42,819,040,051 B budget): 2 x H100 is the best placement, the
 * fewest GPUs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InventoryApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private RequestSpecification api;

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).setContentType(ContentType.JSON).build();
    }

    private JsonPath estimate(Map<String, Object> body) {
        return postJson(api, "/estimate", JSON.writeValueAsString(body), 200)
                .extract()
                .jsonPath();
    }

    private static Map<String, Object> withInventory(Map<String, Object> body, Map<String, Object> inventory) {
        body.put("inventory", inventory);
        return body;
    }

    private static Map<String, Object> inventory(Object... keysAndCounts) {
        Map<String, Object> inventory = new LinkedHashMap<>();
        for (int i = 0; i < keysAndCounts.length; i += 2) {
            inventory.put((String) keysAndCounts[i], keysAndCounts[i + 1]);
        }
        return inventory;
    }

    @Test
    void neverTwoH100sWhenOneIsFree() {
        JsonPath answer =
                estimate(withInventory(bigModel(List.of("h100-sxm5-80gb", "l40s")), inventory("H100", 1, "L40S", 4)));

        assertThat(answer.getString("recommendation.gpu")).isEqualTo("l40s");
        assertThat(answer.getInt("recommendation.count")).isEqualTo(4);
        assertThat(answer.getMap("recommendation.deployment.kubernetes.resources.limits"))
                .containsExactly(entry("nvidia.com/gpu", 4));
        assertThat(answer.getString("recommendation.reason"))
                .startsWith("The best placement the inventory holds (4 l40s free): 4 x NVIDIA L40S (tensor parallel 4")
                .endsWith("Ranked higher but not free: 2 x NVIDIA H100 SXM5 80GB (1 free).");
        assertThat(answer.getBoolean("candidates.find { it.gpu == 'h100-sxm5-80gb' }.inInventory"))
                .isFalse();
        assertThat(answer.getBoolean("candidates.find { it.gpu == 'l40s' }.inInventory"))
                .isTrue();
        // the inventory as resolved, and the best placement were every GPU free
        assertThat(answer.getMap("inventory.free")).containsExactly(entry("h100-sxm5-80gb", 1), entry("l40s", 4));
        assertThat(answer.getBoolean("inventory.fits")).isTrue();
        assertThat(answer.getString("inventory.bestIgnoringInventory.gpu")).isEqualTo("h100-sxm5-80gb");
        assertThat(answer.getInt("inventory.bestIgnoringInventory.count")).isEqualTo(2);
        assertThat(answer.getString("inventory.message"))
                .isEqualTo("The best placement, 2 x NVIDIA H100 SXM5 80GB, is not free (1 h100-sxm5-80gb free); "
                        + "recommended instead the best the inventory holds, 4 x NVIDIA L40S (4 l40s free).");
    }

    @Test
    void whenTheInventoryHoldsTheBestPlacementItIsTheRecommendation() {
        JsonPath answer =
                estimate(withInventory(bigModel(List.of("h100-sxm5-80gb", "l40s")), inventory("h100-sxm5-80gb", 2)));

        assertThat(answer.getString("recommendation.gpu")).isEqualTo("h100-sxm5-80gb");
        assertThat(answer.getInt("recommendation.count")).isEqualTo(2);
        assertThat(answer.getString("recommendation.reason"))
                .startsWith("No single GPU fits; the fewest GPUs that do, 2 x NVIDIA H100 SXM5 80GB")
                .endsWith("The inventory holds it: 2 h100-sxm5-80gb free.");
        assertThat(answer.getString("inventory.message"))
                .isEqualTo("The inventory holds the best placement, 2 x NVIDIA H100 SXM5 80GB: 2 h100-sxm5-80gb free.");
        // 4 L40S fit, but none is free
        assertThat(answer.getBoolean("candidates.find { it.gpu == 'l40s' }.inInventory"))
                .isFalse();
    }

    @Test
    void whenNothingTheInventoryHoldsFitsItSaysWhatWould() {
        for (Map<String, Object> free : List.of(inventory("h100-sxm5-80gb", 1), inventory())) {
            JsonPath answer = estimate(withInventory(bigModel(List.of("h100-sxm5-80gb", "l40s")), free));

            assertThat(answer.getMap("$")).containsEntry("recommendation", null).containsEntry("shortfall", null);
            assertThat(answer.getBoolean("inventory.fits")).isFalse();
            assertThat(answer.getString("inventory.bestIgnoringInventory.gpu")).isEqualTo("h100-sxm5-80gb");
            assertThat(answer.getInt("inventory.bestIgnoringInventory.count")).isEqualTo(2);
            assertThat(answer.getList("inventory.bestIgnoringInventory.deployment.engineArgs", String.class))
                    .contains("--tensor-parallel-size=2");
            String message = answer.getString("inventory.message");
            assertThat(message)
                    .startsWith("Nothing the inventory holds fits; what would fit: 2 x NVIDIA H100 SXM5 80GB (");
            assertThat(answer.getList("warnings", String.class)).contains(message);
        }
    }

    /** 600 billion fp16 parameters: 150 GB per GPU even on 8 H100s. Nothing fits, free or not. */
    @Test
    void whenNothingFitsAtAllTheShortfallSaysWhy() {
        Map<String, Object> body = bigModel(List.of("h100-sxm5-80gb"));
        body.put("parametersBillions", 600);
        JsonPath answer = estimate(withInventory(body, inventory("h100-sxm5-80gb", 8)));

        assertThat(answer.getMap("$")).containsEntry("recommendation", null);
        assertThat(answer.getMap("shortfall")).isNotNull();
        assertThat(answer.getMap("inventory")).containsEntry("bestIgnoringInventory", null);
        assertThat(answer.getString("inventory.message"))
                .isEqualTo("Nothing fits, with or without the inventory: see shortfall.");
    }

    /** A MIG slice takes one whole GPU of the inventory. */
    @Test
    void aSliceNeedsOneFreeGpuOfItsType() {
        Map<String, Object> body = seed();
        body.put("gpus", List.of("a100-sxm4-80gb"));
        body.put("allowMig", true);

        JsonPath one = estimate(withInventory(body, inventory("A100-80GB", 1)));
        assertThat(one.getString("recommendation.migProfile")).isEqualTo("1g.10gb");
        assertThat(one.getString("recommendation.reason"))
                .endsWith("The inventory holds it: 1 a100-sxm4-80gb free, a MIG slice takes one whole GPU of the "
                        + "inventory.");

        JsonPath none = estimate(withInventory(body, inventory("a100-sxm4-80gb", 0)));
        assertThat(none.getMap("$")).containsEntry("recommendation", null);
        assertThat(none.getString("inventory.bestIgnoringInventory.migProfile")).isEqualTo("1g.10gb");
        assertThat(none.getList("candidates.inInventory")).containsOnly(false);
    }

    @Test
    void withoutInventoryTheAnswerHasNoInventoryFields() {
        JsonPath answer = estimate(bigModel(List.of("h100-sxm5-80gb", "l40s")));
        assertThat(answer.getMap("$")).doesNotContainKey("inventory");
        assertThat(answer.getMap("candidates[0]")).doesNotContainKey("inInventory");
    }

    @Test
    void planScenariosTakeAnInventoryToo() {
        Map<String, Object> scenario =
                withInventory(bigModel(List.of("h100-sxm5-80gb", "l40s")), inventory("h100", 1, "l40s", 4));
        Map<String, Object> plan = Map.of("scenarios", List.of(Map.of("name", "60b", "request", scenario)));
        JsonPath answer = postJson(api, "/plan", JSON.writeValueAsString(plan), 200)
                .extract()
                .jsonPath();
        assertThat(answer.getString("results[0].estimate.recommendation.gpu")).isEqualTo("l40s");

        scenario.put("inventory", inventory("tpu-v5e", 1));
        postJson(api, "/plan", JSON.writeValueAsString(plan), 400)
                .body(error("scenarios[0].request.inventory.tpu-v5e") + ".rejectedValue", equalTo("tpu-v5e"));
    }

    // ----------------------------------------------------------------- bad input

    @Test
    void badInventoriesAreProblemsNamingTheKey() {
        Map<String, Object> body = seed();
        body.put("inventory", inventory("A100", 1, "tpu-v5e", 2, "h100", -1, "l4", 1_000_001, "l40s", 2, "L40S", 3));
        postJson(api, "/estimate", JSON.writeValueAsString(body), 400)
                .body(
                        error("inventory.A100") + ".message",
                        startsWith("ambiguous GPU name; choose one of: a100-pcie-40gb"))
                .body(error("inventory.tpu-v5e") + ".message", startsWith("unknown GPU"))
                .body(error("inventory.h100") + ".rejectedValue", equalTo(-1))
                .body(
                        error("inventory.h100") + ".message",
                        equalTo("must be the number of free GPUs of this type, a whole number from 0 to 1,000,000"))
                .body(error("inventory.l4") + ".rejectedValue", equalTo(1_000_001))
                .body(
                        error("inventory.L40S") + ".message",
                        equalTo("names the same GPU (l40s) as inventory.l40s; give each GPU once"));
    }

    @Test
    void inventoryCountsAreWholeNumbersInAnObject() {
        Map<String, Object> fraction = seed();
        fraction.put("inventory", Map.of("h100", 1.5));
        postJson(api, "/estimate", JSON.writeValueAsString(fraction), 400)
                .body(error("inventory.h100") + ".message", equalTo("must be a whole number (no fraction, no quotes)"));

        Map<String, Object> quoted = seed();
        quoted.put("inventory", Map.of("h100", "2"));
        postJson(api, "/estimate", JSON.writeValueAsString(quoted), 400)
                .body(error("inventory.h100") + ".rejectedValue", equalTo("2"));

        Map<String, Object> list = seed();
        list.put("inventory", List.of("h100"));
        postJson(api, "/estimate", JSON.writeValueAsString(list), 400)
                .body(error("inventory") + ".message", equalTo("must be an object"));

        Map<String, Object> nullCount = seed();
        Map<String, Object> free = new LinkedHashMap<>();
        free.put("h100", null);
        nullCount.put("inventory", free);
        postJson(api, "/estimate", JSON.writeValueAsString(nullCount), 400)
                .body(error("inventory.h100") + ".message", startsWith("must be the number of free GPUs"));

        Map<String, Object> tooMany = seed();
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 101; i++) {
            many.put("gpu-" + i, 1);
        }
        tooMany.put("inventory", many);
        postJson(api, "/estimate", JSON.writeValueAsString(tooMany), 400)
                .body(error("inventory") + ".message", startsWith("size must be between 0 and 100"));
    }
}
