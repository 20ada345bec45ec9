package io.gpufit.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpufit.estimate.Dtype;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.gpu.MigProfile;
import io.gpufit.serving.TextbookEngine;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner with MIG slices and an inventory, on made-up GPUs whose numbers make the order plain. */
class MigAndInventoryPlanningTest {

    private static final TextbookEngine ENGINE = new TextbookEngine(BigDecimal.ONE);

    /** The seed needs 2,033,554,432 B; every slice and GPU below holds it. */
    private static FitPlan plan(List<GpuProfile> gpus, PlanOptions options) {
        return FitPlanner.plan(FitPlannerTest.seed(Dtype.FP16), gpus, ENGINE, "BF16", options);
    }

    private static GpuProfile withMig(GpuProfile gpu, List<MigProfile> migs) {
        return new GpuProfile(
                gpu.id(),
                gpu.name(),
                gpu.vendor(),
                gpu.aliases(),
                gpu.productNames(),
                gpu.marketedMemoryGb(),
                gpu.usableMemoryBytes(),
                gpu.usableMemorySource(),
                gpu.memoryBandwidthGbps(),
                gpu.computeCapability(),
                gpu.nativeBf16(),
                gpu.nativeFp8(),
                gpu.fp16Tflops(),
                gpu.tdpWatts(),
                gpu.pricePerHourUsd(),
                gpu.priceSource(),
                null,
                migs);
    }

    private static MigProfile mig(String name, long bytes, String memory, String compute, int instances) {
        return new MigProfile(name, bytes, memory, compute, instances, name.endsWith("+me"));
    }

    /** 40 GB GPU: a +me slice listed first, its plain twin, a wider slice of the same memory, the whole GPU. */
    private static final GpuProfile BIG = withMig(
            FitPlannerTest.gpu("big", 40_000_000_000L, "8.0", true, false, "2.00"),
            List.of(
                    mig("1g.5gb+me", 5_000_000_000L, "1/8", "1/7", 1),
                    mig("1g.5gb", 5_000_000_000L, "1/8", "1/7", 7),
                    mig("2g.10gb", 10_000_000_000L, "2/8", "2/7", 3),
                    mig("3g.10gb", 10_000_000_000L, "2/8", "3/7", 2),
                    mig("7g.40gb", 40_000_000_000L, "8/8", "7/7", 1)));

    /** A whole GPU exactly as large as BIG's 2g.10gb slice. */
    private static final GpuProfile TEN = FitPlannerTest.gpu("ten", 10_000_000_000L, "8.0", true, false, null);

    @Test
    void slicesRankBySizeThenWholeGpuPlainAndNarrowFirst() {
        FitPlan plan = plan(List.of(BIG, TEN), new PlanOptions(true, null));

        assertThat(plan.candidates().stream()
                        .map(c -> c.gpu().id() + (c.migSlice() ? " " + c.mig().name() : ""))
                        .toList())
                .containsExactly("big 1g.5gb", "big 1g.5gb+me", "ten", "big 2g.10gb", "big 3g.10gb", "big");
        assertThat(plan.recommended().mig().name()).isEqualTo("1g.5gb");
        // no price of its own, one slice, the slice's memory
        Candidate slice = plan.candidates().get(0);
        assertThat(slice.pricePerHourUsd()).isNull();
        assertThat(slice.count()).isEqualTo(1);
        assertThat(slice.budgetBytes()).isEqualTo(5_000_000_000L);
    }

    @Test
    void withoutAllowMigNoSliceIsWeighed() {
        FitPlan plan = plan(List.of(BIG, TEN), PlanOptions.NONE);
        assertThat(plan.candidates()).noneMatch(Candidate::migSlice).hasSize(2);
        assertThat(plan.inventory()).isNull();
    }

    @Test
    void theInventoryPicksTheBestItHoldsAndASliceTakesOneGpu() {
        FitPlan onlyTen = plan(List.of(BIG, TEN), new PlanOptions(true, new Inventory(Map.of("ten", 1))));
        assertThat(onlyTen.recommended().gpu().id()).isEqualTo("ten");
        assertThat(onlyTen.inventory().bestIgnoringInventory().mig().name()).isEqualTo("1g.5gb");

        FitPlan oneBig = plan(List.of(BIG, TEN), new PlanOptions(true, new Inventory(Map.of("big", 1))));
        assertThat(oneBig.recommended().mig().name()).isEqualTo("1g.5gb");
        assertThat(oneBig.recommended().wholeGpus()).isEqualTo(1);

        FitPlan none = plan(List.of(BIG, TEN), new PlanOptions(true, new Inventory(Map.of())));
        assertThat(none.recommended()).isNull();
        assertThat(none.shortfall()).isNull();
        assertThat(none.inventory().message()).startsWith("Nothing the inventory holds fits");
    }

    @Test
    void inventoriesCountZeroOrMore() {
        assertThatThrownBy(() -> new Inventory(Map.of("ten", -1))).isInstanceOf(IllegalArgumentException.class);
    }
}
