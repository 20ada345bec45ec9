package io.gpufit.application;

import static io.gpufit.application.Fixtures.Input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the metrics are told of each estimate and plan. */
class EstimationListenerTest {

    private final List<String> told = new ArrayList<>();

    private final Estimations estimations = new Estimations(Fixtures.commands(), List.of(new EstimationListener() {
        @Override
        public void estimated(String engine, EstimateOutcome outcome, String recommendedGpu) {
            told.add(engine + " " + outcome.id() + " " + recommendedGpu);
        }

        @Override
        public void planned(int scenarios) {
            told.add("plan of " + scenarios);
        }
    }));

    @Test
    void aFittingEstimateIsToldWithTheGpuRecommended() {
        estimations.estimate(Input.seed().build());

        // the worked example on the fixtures' four GPUs: the A100 40GB is the smallest that fits
        assertThat(told).containsExactly("textbook fits a100-pcie-40gb");
    }

    @Test
    void theEngineIsTheOneTheInputNames() {
        estimations.estimate(Input.catalogModel(Fixtures.LLAMA_1B)
                .engine(Fixtures.vllm(null, null, null))
                .build());

        assertThat(told).singleElement().asString().startsWith("vllm fits ");
    }

    @Test
    void anEstimateNothingHoldsIsANoFit() {
        // 10,000 B parameters x 2 B = 20 TB: more than 8 of the largest fixture GPU
        estimations.estimate(Input.seed().parametersBillions("10000").build());

        assertThat(told).containsExactly("textbook no_fit null");
    }

    @Test
    void aRefusedInputIsToldAsInvalidAndStillThrown() {
        assertThatThrownBy(() ->
                        estimations.estimate(Input.seed().weightDtype("fp12").build()))
                .isInstanceOf(InvalidInputException.class);

        assertThat(told).containsExactly("textbook invalid null");
    }

    @Test
    void aPlanIsToldOnceAndEachScenarioAsAnEstimate() {
        estimations.plan(
                new PlanInput(
                        null,
                        List.of(
                                new PlanInput.Scenario("a", Input.seed().build()),
                                new PlanInput.Scenario(
                                        "b", Input.seed().gpus("a40").build()))),
                new PlanLimits(5_000, 100));

        assertThat(told).containsExactly("plan of 2", "textbook fits a100-pcie-40gb", "textbook fits a40");
    }
}
