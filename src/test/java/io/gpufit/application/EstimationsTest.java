package io.gpufit.application;

import static io.gpufit.application.Fixtures.Input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gpufit.plan.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** From input to estimate and plan, one at a time and in batches, without HTTP. */
class EstimationsTest {

    private final Estimations estimations = Fixtures.estimations();

    @Test
    void theWorkedExample() {
        Estimation result = estimations.estimate(Input.seed().build());

        // weights: 1,000,000,000 x 2 B
        assertThat(result.estimate().weightBytes()).isEqualTo(2_000_000_000L);
        // 2 (K and V) x 16 layers x 8 KV heads x 64 x 2 B
        assertThat(result.estimate().kvCacheBytesPerToken()).isEqualTo(32_768L);
        // x 4 sequences x 256 tokens
        assertThat(result.estimate().kvCacheBytes()).isEqualTo(33_554_432L);
        assertThat(result.estimate().totalBytes()).isEqualTo(2_033_554_432L);
        // every GPU fits; the smallest, the A100 40GB, is chosen: 42,405,855,232 x 0.9, rounded down
        Candidate chosen = result.plan().recommended();
        assertThat(chosen.gpu()).isEqualTo(Fixtures.A100_40);
        assertThat(chosen.budgetBytes()).isEqualTo(38_165_269_708L);
        assertThat(result.plan().candidates()).hasSize(4);
        assertThat(result.notes()).isEmpty();
    }

    @Test
    void aBatchNamesEachViolationUnderItsScenario() {
        PlanInput input = new PlanInput(
                null,
                List.of(
                        new PlanInput.Scenario("fine", Input.seed().build()),
                        new PlanInput.Scenario(
                                "bad format", Input.seed().weightDtype("fp12").build()),
                        new PlanInput.Scenario(
                                null,
                                Input.seed().gpus("b200").numKeyValueHeads(5).build())));

        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> estimations.plan(input));

        assertThat(e.violations())
                .extracting(Violation::field)
                .containsExactly(
                        "scenarios[1].request.weightDtype",
                        "scenarios[2].request.numKeyValueHeads",
                        "scenarios[2].request.gpus[0]");
        assertThat(e.violations().get(0).rejectedValue()).isEqualTo("fp12");
    }

    @Test
    void theBatchsGpusApplyToScenariosThatNameNone() {
        PlanInput input = new PlanInput(
                List.of("a40"),
                List.of(
                        new PlanInput.Scenario("default", Input.seed().build()),
                        new PlanInput.Scenario("own", Input.seed().gpus("H100").build())));

        List<ScenarioEstimation> results = estimations.plan(input);

        assertThat(results).extracting(ScenarioEstimation::index).containsExactly(0, 1);
        assertThat(results).extracting(ScenarioEstimation::name).containsExactly("default", "own");
        assertThat(results.get(0).estimation().command().gpus()).containsExactly(Fixtures.A40);
        assertThat(results.get(1).estimation().command().gpus()).containsExactly(Fixtures.H100);
    }
}
