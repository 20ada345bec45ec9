package io.gpufit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.ShardSizes;
import io.gpufit.estimate.Term;
import io.gpufit.gpu.GpuProfile;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The planner knows engines only by their contract: a made-up engine plans like any other. */
class StubEngineTest {

    /** Needs 1,500 B split over TP ranks, may use 1,000 B of every GPU, and refuses GPUs named "refused". */
    static class StubEngine implements ServingEngine {

        @Override
        public List<Parallelism> placements() {
            return List.of(Parallelism.SINGLE, new Parallelism(2, 1), new Parallelism(3, 1));
        }

        @Override
        public Optional<String> incompatibility(GpuProfile gpu) {
            return gpu.id().equals("refused") ? Optional.of("the stub refuses it") : Optional.empty();
        }

        @Override
        public long limitBytes(GpuProfile gpu) {
            return 1_000;
        }

        @Override
        public GpuBudget budget(ShardSizes sizes, Parallelism parallelism, GpuProfile gpu) {
            long need = 1_500 / parallelism.tp();
            return new GpuBudget() {
                @Override
                public List<Term> terms() {
                    return List.of(Term.of("everything", need));
                }

                @Override
                public long limitBytes() {
                    return 1_000;
                }

                @Override
                public long requiredBytes() {
                    return need;
                }

                @Override
                public String reason() {
                    return need <= 1_000 ? null : "stub needs " + need;
                }

                @Override
                public Capacity capacity() {
                    return new Capacity(parallelism.tp(), 0, 0, 0);
                }
            };
        }
    }

    @Test
    void takesTheFirstPlacementTheEngineSaysFits() {
        FitPlan plan = FitPlanner.plan(FitPlannerTest.seed(Dtype.FP16), List.of(FitPlannerTest.A40), new StubEngine());

        Candidate a40 = plan.recommended();
        // TP 1: 1,500 B > 1,000 B; TP 2: 750 B fits, 250 B (25.00%) to spare; TP 3 is not tried
        assertThat(a40.tried()).extracting(Placement::gpus).containsExactly(1, 2);
        assertThat(a40.tried().get(0).reason()).isEqualTo("stub needs 1500");
        assertThat(a40.count()).isEqualTo(2);
        assertThat(a40.requiredBytes()).isEqualTo(750);
        assertThat(a40.budgetBytes()).isEqualTo(1_000);
        assertThat(a40.headroomBytes()).isEqualTo(250);
        assertThat(a40.headroomPercent()).isEqualByComparingTo("25.00");
        assertThat(a40.capacity().maxBatchSize()).isEqualTo(2);
        assertThat(a40.tried().get(1).budget().terms()).extracting(Term::label).containsExactly("everything");
    }

    @Test
    void anInvalidSplitIsListedWithTheEnginesLimit() {
        // 32 heads, 8 KV heads: TP 3 divides neither
        FitPlan plan = FitPlanner.plan(FitPlannerTest.seed(Dtype.FP16), List.of(FitPlannerTest.A40), new StubEngine() {
            @Override
            public List<Parallelism> placements() {
                return List.of(new Parallelism(3, 1), Parallelism.SINGLE);
            }
        });
        Candidate a40 = plan.candidates().get(0);
        assertThat(a40.tried().get(0).valid()).isFalse();
        assertThat(a40.tried().get(0).budgetBytes()).isEqualTo(1_000);
        assertThat(a40.tried().get(0).reason()).contains("TP 3", "(32 heads, 8 KV heads)");
        // nothing fits: the smallest valid placement is reported
        assertThat(a40.placement().parallelism()).isEqualTo(Parallelism.SINGLE);
        assertThat(plan.shortfall().shortfallBytes()).isEqualTo(500);
    }

    @Test
    void theEngineMayRefuseAGpu() {
        GpuProfile refused = FitPlannerTest.gpu("refused", 48_000_000_000L, "8.6", true, false, null);
        FitPlan plan = FitPlanner.plan(
                FitPlannerTest.seed(Dtype.FP16), List.of(refused, FitPlannerTest.A40), new StubEngine());
        assertThat(plan.candidates()).extracting(c -> c.gpu().id()).containsExactly("a40", "refused");
        Candidate last = plan.candidates().get(1);
        assertThat(last.compatible()).isFalse();
        assertThat(last.fits()).isFalse();
        assertThat(last.reason()).isEqualTo("the stub refuses it");
    }

    @Test
    void whenOnlyInvalidSplitsBlockNothingIsShortAndTheMessageSaysSo() {
        // 32 heads, 8 KV heads: TP 3 divides neither, and it is the only placement the engine offers
        FitPlan plan = FitPlanner.plan(FitPlannerTest.seed(Dtype.FP16), List.of(FitPlannerTest.A40), new StubEngine() {
            @Override
            public List<Parallelism> placements() {
                return List.of(new Parallelism(3, 1));
            }
        });
        assertThat(plan.recommended()).isNull();
        assertThat(plan.shortfall().shortfallBytes()).isZero();
        assertThat(plan.shortfall().message())
                .startsWith("Nothing fits, on one GPU or on up to 3, and not for lack of memory: TP 3")
                .contains("(32 heads, 8 KV heads)")
                .doesNotContain("short");
    }

    @Test
    void whenTheEngineRefusesTheGpuAndNothingElseIsConsideredTheShortfallSaysWhy() {
        GpuProfile refused = FitPlannerTest.gpu("refused", 48_000_000_000L, "8.6", true, false, null);
        FitPlan plan = FitPlanner.plan(FitPlannerTest.seed(Dtype.FP16), List.of(refused), new StubEngine());
        assertThat(plan.shortfall().largest()).isNull();
        assertThat(plan.shortfall().shortfallBytes()).isZero();
        // not "the requested formats": the engine refused it
        assertThat(plan.shortfall().message()).startsWith("No GPU considered is compatible: the stub refuses it;");
    }
}
