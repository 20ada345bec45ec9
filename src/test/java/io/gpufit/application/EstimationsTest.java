package io.gpufit.application;

import static io.gpufit.application.Fixtures.Input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gpufit.plan.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** From input to estimate and plan, one at a time and in batches, without HTTP. */
class EstimationsTest {

    private static final PlanLimits LIMITS = new PlanLimits(5_000, 100);

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

        InvalidInputException e =
                catchThrowableOfType(InvalidInputException.class, () -> estimations.plan(input, LIMITS));

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

        List<ScenarioEstimation> results = estimations.plan(input, LIMITS);

        assertThat(results).extracting(ScenarioEstimation::index).containsExactly(0, 1);
        assertThat(results).extracting(ScenarioEstimation::name).containsExactly("default", "own");
        assertThat(results.get(0).estimation().command().gpus()).containsExactly(Fixtures.A40);
        assertThat(results.get(1).estimation().command().gpus()).containsExactly(Fixtures.H100);
    }

    /** Issue 11, defect 1: the batch's own gpus are checked once, not again in every scenario that inherits them. */
    @Test
    void theBatchsGpuViolationsAreReportedOnce() {
        PlanInput input = new PlanInput(
                List.of("b200", "A100"),
                List.of(
                        new PlanInput.Scenario("a", Input.seed().build()),
                        new PlanInput.Scenario(
                                "b", Input.seed().weightDtype("fp12").build()),
                        new PlanInput.Scenario("c", Input.seed().build())));

        InvalidInputException e =
                catchThrowableOfType(InvalidInputException.class, () -> estimations.plan(input, LIMITS));

        // the scenarios are still checked (against the whole catalog): scenario 1's format is named too
        assertThat(e.violations())
                .extracting(Violation::field)
                .containsExactly("gpus[0]", "gpus[1]", "scenarios[1].request.weightDtype");
        assertThat(e.remark()).isNull();
    }

    /** Issue 11, defect 8: 3 scenarios on the whole catalog (4 GPUs here) are 12 candidate rows. */
    @Test
    void aBatchOverTheCandidateRowLimitIsRefusedBeforeAnythingElse() {
        PlanInput input = new PlanInput(
                null,
                List.of(
                        new PlanInput.Scenario("a", Input.seed().build()),
                        new PlanInput.Scenario(
                                "b", Input.seed().weightDtype("fp12").build()),
                        new PlanInput.Scenario("c", Input.seed().gpus("a40").build())));

        InvalidInputException e = catchThrowableOfType(
                InvalidInputException.class, () -> estimations.plan(input, new PlanLimits(8, 100)));

        // 4 + 4 + 1 = 9 rows, over 8; the bad format is not even looked at
        assertThat(e.violations()).hasSize(1);
        assertThat(e.violations().get(0).field()).isEqualTo("scenarios");
        assertThat(e.violations().get(0).rejectedValue()).isEqualTo(9L);
        assertThat(e.violations().get(0).message())
                .startsWith("this plan asks for 9 candidate rows (3 scenarios,")
                .contains("whole catalog of 4 GPUs", "more than the 8 one answer may hold");
        assertThat(estimations.plan(
                        new PlanInput(
                                null,
                                List.of(
                                        input.scenarios().get(0),
                                        input.scenarios().get(2))),
                        new PlanLimits(5, 100)))
                .hasSize(2);
    }

    /** Issue 11, defect 1: once the listable violations are found, later scenarios are not checked. */
    @Test
    void onceEnoughViolationsAreFoundTheRemainingScenariosAreNotChecked() {
        List<PlanInput.Scenario> scenarios = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> new PlanInput.Scenario(
                        "s" + i, Input.seed().weightDtype("fp12").gpus("b200").build()))
                .toList();

        InvalidInputException e = catchThrowableOfType(
                InvalidInputException.class,
                () -> estimations.plan(new PlanInput(null, scenarios), new PlanLimits(5_000, 3)));

        // 2 a scenario: scenario 1 brings them to 4, at least 3
        assertThat(e.violations()).hasSize(4);
        assertThat(e.remark()).isEqualTo("scenarios 2 to 4 were not checked");
    }

    /** Issue 11, defect 7: an overflow stops the batch, naming the scenario it came from. */
    @Test
    void anOverflowStopsTheBatchNamingItsScenario() {
        // 2 x 10,000 layers x 65,536 x 65,536 x 4 B per token, x 4 x 100,000,000 tokens: far past 2^63
        EstimateInput huge = Input.seed()
                .numLayers(10_000)
                .numAttentionHeads(65_536)
                .numKeyValueHeads(65_536)
                .headDim(65_536)
                .weightDtype("fp32")
                .sequenceLength(100_000_000)
                .build();
        PlanInput input = new PlanInput(
                null,
                List.of(new PlanInput.Scenario("fine", Input.seed().build()), new PlanInput.Scenario("huge", huge)));

        ScenarioFailedException e =
                catchThrowableOfType(ScenarioFailedException.class, () -> estimations.plan(input, LIMITS));

        assertThat(e.index()).isEqualTo(1);
        assertThat(e.name()).isEqualTo("huge");
        assertThat(e.getCause()).isInstanceOf(io.gpufit.estimate.EstimateOverflowException.class);
    }
}
