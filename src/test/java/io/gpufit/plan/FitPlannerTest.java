package io.gpufit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.MemoryEstimator;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.estimate.Precision;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuProfile;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The recommendation policy, on profiles written out here with the figures of
 * ../shared/reference/gpus.csv, so the expectations do not depend on the shipped catalog.
 */
class FitPlannerTest {

    static final BigDecimal NINETY_PERCENT = new BigDecimal("0.9");

    static GpuProfile gpu(String id, long usableBytes, String cc, boolean bf16, boolean fp8, String price) {
        return new GpuProfile(id, id.toUpperCase(), "NVIDIA", List.of(), (int) (usableBytes / 1_000_000_000L),
                usableBytes, "test", BigDecimal.ONE, cc, bf16, fp8, BigDecimal.ONE, 100,
                price == null ? null : new BigDecimal(price), null);
    }

    // usable memory: cuda_total_memory of gpus.csv, else marketed x 10^9
    static final GpuProfile P100 = gpu("p100-pcie-16gb", 16_000_000_000L, "6.0", false, false, null);
    static final GpuProfile T4 = gpu("t4", 15_642_329_088L, "7.5", false, false, "0.59");
    static final GpuProfile A40 = gpu("a40", 48_000_000_000L, "8.6", true, false, "0.44");
    static final GpuProfile A100_40 = gpu("a100-pcie-40gb", 42_405_855_232L, "8.0", true, false, null);
    static final GpuProfile A100_80 = gpu("a100-sxm4-80gb", 84_987_740_160L, "8.0", true, false, "1.59");
    static final GpuProfile L4 = gpu("l4", 23_612_293_120L, "8.9", true, true, "0.80");
    static final GpuProfile H100 = gpu("h100-sxm5-80gb", 85_017_755_648L, "9.0", true, true, "3.29");

    static MemoryEstimate seed(Dtype dtype) {
        return MemoryEstimator.estimate(ModelArchitecture.explicit(1_000_000_000L, 16, 32, 8, 64), new Precision(dtype, dtype),
                new Workload(4, 256));
    }

    @Test
    void seedExampleRecommendsTheP100OverTheA40AndA100() {
        FitPlan plan = FitPlanner.plan(seed(Dtype.FP16), List.of(A40, A100_80, P100, A100_40), NINETY_PERCENT);

        Candidate chosen = plan.recommended().orElseThrow();
        assertThat(chosen.gpu()).isEqualTo(P100);
        // 16,000,000,000 x 0.9 = 14,400,000,000 budget; minus 2,033,554,432 = 12,366,445,568 headroom
        assertThat(chosen.budgetBytes()).isEqualTo(14_400_000_000L);
        assertThat(chosen.headroomBytes()).isEqualTo(12_366_445_568L);
        // 12,366,445,568 / 14,400,000,000 = 85.878...%
        assertThat(chosen.headroomPercent()).isEqualByComparingTo("85.88");
        assertThat(plan.candidates()).extracting(Candidate::gpu).containsExactly(P100, A100_40, A40, A100_80);
        assertThat(plan.shortfall()).isEmpty();
        assertThat(plan.recommendationReason()).contains("14,400,000,000 B budget", "3 larger or pricier GPUs also fit");
    }

    @Test
    void smallerUsableMemoryWinsEvenAmongSixteenGigabyteCards() {
        // T4 exposes 15,642,329,088 B to CUDA, below the P100's 16,000,000,000
        FitPlan plan = FitPlanner.plan(seed(Dtype.FP16), List.of(P100, T4, A40), NINETY_PERCENT);
        assertThat(plan.recommended().orElseThrow().gpu()).isEqualTo(T4);
    }

    @Test
    void equalMemoryIsBrokenByPriceWithUnknownPricesLast() {
        GpuProfile cheap = gpu("b-cheap", 24_000_000_000L, "8.6", true, false, "0.50");
        GpuProfile dear = gpu("a-dear", 24_000_000_000L, "8.6", true, false, "0.90");
        GpuProfile unpriced = gpu("0-unpriced", 24_000_000_000L, "8.6", true, false, null);
        FitPlan plan = FitPlanner.plan(seed(Dtype.FP16), List.of(unpriced, dear, cheap), NINETY_PERCENT);
        assertThat(plan.candidates()).extracting(Candidate::gpu).containsExactly(cheap, dear, unpriced);
    }

    @Test
    void budgetRoundsDown() {
        // 15,642,329,088 x 0.9 = 14,078,096,179.2 -> 14,078,096,179
        assertThat(FitPlanner.budgetBytes(T4, NINETY_PERCENT)).isEqualTo(14_078_096_179L);
        assertThat(FitPlanner.budgetBytes(T4, BigDecimal.ONE)).isEqualTo(15_642_329_088L);
    }

    @Test
    void fp8ExcludesGpusBelowComputeCapability89() {
        FitPlan plan = FitPlanner.plan(seed(Dtype.FP8), List.of(P100, A100_80, L4, H100), NINETY_PERCENT);

        assertThat(plan.recommended().orElseThrow().gpu()).isEqualTo(L4);
        assertThat(plan.candidates()).extracting(Candidate::gpu).containsExactly(L4, H100, P100, A100_80);
        Candidate p100 = plan.candidates().get(2);
        assertThat(p100.compatible()).isFalse();
        assertThat(p100.fits()).isFalse();
        assertThat(p100.reason()).contains("8.9", "6.0");
    }

    @Test
    void fp8KvCacheAloneAlsoNeedsFp8Hardware() {
        MemoryEstimate estimate = MemoryEstimator.estimate(ModelArchitecture.explicit(1_000_000_000L, 16, 32, 8, 64),
                new Precision(Dtype.FP16, Dtype.FP8), new Workload(4, 256));
        FitPlan plan = FitPlanner.plan(estimate, List.of(A40), NINETY_PERCENT);
        assertThat(plan.candidates().get(0).compatible()).isFalse();
        assertThat(plan.recommended()).isEmpty();
    }

    @Test
    void bf16OnOlderGpusWarnsButStillFits() {
        FitPlan plan = FitPlanner.plan(seed(Dtype.BF16), List.of(P100, T4, A40), NINETY_PERCENT);

        assertThat(plan.recommended().orElseThrow().gpu()).isEqualTo(T4);
        assertThat(plan.candidates()).allMatch(Candidate::compatible);
        assertThat(plan.candidates().stream().filter(c -> c.warning() != null).map(Candidate::gpu))
                .containsExactlyInAnyOrder(P100, T4);
        assertThat(plan.warnings()).singleElement().asString().contains("BF16", "P100-PCIE-16GB", "T4", "FP16");
    }

    @Test
    void fp16RequestsCarryNoBf16Warning() {
        assertThat(FitPlanner.plan(seed(Dtype.FP16), List.of(P100), NINETY_PERCENT).warnings()).isEmpty();
    }

    @Test
    void nothingFitsReportsTheShortfallAgainstTheLargestGpu() {
        // 100,000,000,000 params x 2 B = 200,000,000,000 B of weights; KV as the seed: 33,554,432 B
        MemoryEstimate huge = MemoryEstimator.estimate(ModelArchitecture.explicit(100_000_000_000L, 16, 32, 8, 64),
                new Precision(Dtype.FP16, Dtype.FP16), new Workload(4, 256));
        FitPlan plan = FitPlanner.plan(huge, List.of(P100, A100_80, H100), NINETY_PERCENT);

        assertThat(plan.recommended()).isEmpty();
        assertThat(plan.recommendationReason()).isNull();
        FitPlan.Shortfall shortfall = plan.shortfall().orElseThrow();
        assertThat(shortfall.largest().gpu()).isEqualTo(H100);
        assertThat(shortfall.requiredBytes()).isEqualTo(200_033_554_432L);
        // H100 budget: 85,017,755,648 x 0.9 = 76,515,980,083.2 -> 76,515,980,083; short by 123,517,574,349
        assertThat(shortfall.largest().budgetBytes()).isEqualTo(76_515_980_083L);
        assertThat(shortfall.shortfallBytes()).isEqualTo(123_517_574_349L);
        assertThat(plan.warnings()).anyMatch(w -> w.contains("123,517,574,349 B short"));
        assertThat(plan.candidates()).allMatch(c -> c.reason() != null && c.headroomBytes() < 0);
    }

    @Test
    void nothingCompatibleSaysSo() {
        FitPlan plan = FitPlanner.plan(seed(Dtype.FP8), List.of(P100, A40), NINETY_PERCENT);
        assertThat(plan.shortfall().orElseThrow().largest()).isNull();
        assertThat(plan.shortfall().orElseThrow().message()).contains("compatible");
    }

    @Test
    void exactlyFullBudgetStillFits() {
        MemoryEstimate estimate = seed(Dtype.FP16);
        GpuProfile snug = gpu("snug", estimate.totalBytes(), "8.0", true, false, null);
        Candidate only = FitPlanner.plan(estimate, List.of(snug), BigDecimal.ONE).candidates().get(0);
        assertThat(only.fits()).isTrue();
        assertThat(only.headroomBytes()).isZero();
    }
}
