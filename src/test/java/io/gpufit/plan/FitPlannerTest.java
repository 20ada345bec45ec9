package io.gpufit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.MemoryEstimator;
import io.gpufit.estimate.Precision;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.serving.TextbookEngine;
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
        return new GpuProfile(
                id,
                id.toUpperCase(),
                "NVIDIA",
                List.of(),
                List.of(),
                (int) (usableBytes / 1_000_000_000L),
                usableBytes,
                "test",
                BigDecimal.ONE,
                cc,
                bf16,
                fp8,
                BigDecimal.ONE,
                100,
                price == null ? null : new BigDecimal(price),
                null);
    }

    // usable memory: cuda_total_memory of gpus.csv, else marketed x 10^9
    static final GpuProfile P100 = gpu("p100-pcie-16gb", 16_000_000_000L, "6.0", false, false, null);
    static final GpuProfile T4 = gpu("t4", 15_642_329_088L, "7.5", false, false, "0.59");
    static final GpuProfile A40 = gpu("a40", 48_000_000_000L, "8.6", true, false, "0.44");
    static final GpuProfile A100_40 = gpu("a100-pcie-40gb", 42_405_855_232L, "8.0", true, false, null);
    static final GpuProfile A100_80 = gpu("a100-sxm4-80gb", 84_987_740_160L, "8.0", true, false, "1.59");
    static final GpuProfile L4 = gpu("l4", 23_612_293_120L, "8.9", true, true, "0.80");
    static final GpuProfile H100 = gpu("h100-sxm5-80gb", 85_017_755_648L, "9.0", true, true, "3.29");

    /** The textbook plan: weights + pre-allocated KV cache within usable memory x utilization. */
    static FitPlan plan(MemoryEstimate estimate, List<GpuProfile> gpus, BigDecimal memoryUtilization) {
        return FitPlanner.plan(estimate, gpus, new TextbookEngine(memoryUtilization));
    }

    static MemoryEstimate seed(Dtype dtype) {
        return MemoryEstimator.estimate(
                ModelArchitecture.explicit(1_000_000_000L, 16, 32, 8, 64),
                new Precision(dtype, dtype),
                new Workload(4, 256));
    }

    @Test
    void seedExampleRecommendsTheP100OverTheA40AndA100() {
        FitPlan plan = plan(seed(Dtype.FP16), List.of(A40, A100_80, P100, A100_40), NINETY_PERCENT);

        Candidate chosen = plan.recommended();
        assertThat(chosen.gpu()).isEqualTo(P100);
        // 16,000,000,000 x 0.9 = 14,400,000,000 budget; minus 2,033,554,432 = 12,366,445,568 headroom
        assertThat(chosen.budgetBytes()).isEqualTo(14_400_000_000L);
        assertThat(chosen.headroomBytes()).isEqualTo(12_366_445_568L);
        // 12,366,445,568 / 14,400,000,000 = 85.878...%
        assertThat(chosen.headroomPercent()).isEqualByComparingTo("85.88");
        assertThat(plan.candidates()).extracting(Candidate::gpu).containsExactly(P100, A100_40, A40, A100_80);
        assertThat(plan.shortfall()).isNull();
        assertThat(plan.recommendationReason())
                .contains("14,400,000,000 B budget", "3 larger or pricier GPUs also fit");
    }

    @Test
    void smallerUsableMemoryWinsEvenAmongSixteenGigabyteCards() {
        // T4 exposes 15,642,329,088 B to CUDA, below the P100's 16,000,000,000
        FitPlan plan = plan(seed(Dtype.FP16), List.of(P100, T4, A40), NINETY_PERCENT);
        assertThat(plan.recommended().gpu()).isEqualTo(T4);
    }

    @Test
    void equalMemoryIsBrokenByPriceWithUnknownPricesLast() {
        GpuProfile cheap = gpu("b-cheap", 24_000_000_000L, "8.6", true, false, "0.50");
        GpuProfile dear = gpu("a-dear", 24_000_000_000L, "8.6", true, false, "0.90");
        GpuProfile unpriced = gpu("0-unpriced", 24_000_000_000L, "8.6", true, false, null);
        FitPlan plan = plan(seed(Dtype.FP16), List.of(unpriced, dear, cheap), NINETY_PERCENT);
        assertThat(plan.candidates()).extracting(Candidate::gpu).containsExactly(cheap, dear, unpriced);
    }

    @Test
    void budgetRoundsDown() {
        // 15,642,329,088 x 0.9 = 14,078,096,179.2 -> 14,078,096,179
        assertThat(ServingEngine.budgetBytes(T4, NINETY_PERCENT)).isEqualTo(14_078_096_179L);
        assertThat(ServingEngine.budgetBytes(T4, BigDecimal.ONE)).isEqualTo(15_642_329_088L);
    }

    @Test
    void fp8ExcludesGpusBelowComputeCapability80() {
        FitPlan plan = plan(seed(Dtype.FP8), List.of(P100, A100_80, L4, H100), NINETY_PERCENT);

        // vLLM runs FP8 weights on Ampere (8.0) weight-only through Marlin: the A100 is compatible
        assertThat(plan.recommended().gpu()).isEqualTo(L4);
        assertThat(plan.candidates()).extracting(Candidate::gpu).containsExactly(L4, A100_80, H100, P100);
        assertThat(plan.candidates().get(1).compatible()).isTrue();
        Candidate p100 = plan.candidates().get(3);
        assertThat(p100.compatible()).isFalse();
        assertThat(p100.fits()).isFalse();
        assertThat(p100.reason()).contains("8.0", "6.0");
    }

    @Test
    void fp8KvCacheAloneAlsoNeedsFp8Hardware() {
        MemoryEstimate estimate = MemoryEstimator.estimate(
                ModelArchitecture.explicit(1_000_000_000L, 16, 32, 8, 64),
                new Precision(Dtype.FP16, Dtype.FP8),
                new Workload(4, 256));
        FitPlan plan = plan(estimate, List.of(T4), NINETY_PERCENT);
        assertThat(plan.candidates().get(0).compatible()).isFalse();
        assertThat(plan.recommended()).isNull();
        // an fp8 KV cache on Ampere (A40, 8.6): vLLM's Triton attention backend reads it
        assertThat(plan(estimate, List.of(A40), NINETY_PERCENT)
                        .candidates()
                        .get(0)
                        .compatible())
                .isTrue();
    }

    @Test
    void bf16OnOlderGpusWarnsButStillFits() {
        FitPlan plan = plan(seed(Dtype.BF16), List.of(P100, T4, A40), NINETY_PERCENT);

        assertThat(plan.recommended().gpu()).isEqualTo(T4);
        assertThat(plan.candidates()).allMatch(Candidate::compatible);
        assertThat(plan.candidates().stream().filter(c -> c.warning() != null).map(Candidate::gpu))
                .containsExactlyInAnyOrder(P100, T4);
        assertThat(plan.warnings()).singleElement().asString().contains("BF16", "P100-PCIE-16GB", "T4", "FP16");
    }

    @Test
    void fp16RequestsCarryNoBf16Warning() {
        assertThat(plan(seed(Dtype.FP16), List.of(P100), NINETY_PERCENT).warnings())
                .isEmpty();
    }

    @Test
    void nothingFitsReportsTheShortfallAgainstTheLargestGpu() {
        // 2,000,000,000,000 params x 2 B = 4,000,000,000,000 B of weights; KV as the seed: 33,554,432 B.
        // Even 8 GPUs of 80 GB hold only about 0.6 TB.
        MemoryEstimate huge = MemoryEstimator.estimate(
                ModelArchitecture.explicit(2_000_000_000_000L, 16, 32, 8, 64),
                new Precision(Dtype.FP16, Dtype.FP16),
                new Workload(4, 256));
        FitPlan plan = plan(huge, List.of(P100, A100_80, H100), NINETY_PERCENT);

        assertThat(plan.recommended()).isNull();
        assertThat(plan.recommendationReason()).isNull();
        FitPlan.Shortfall shortfall = plan.shortfall();
        assertThat(shortfall.largest().gpu()).isEqualTo(H100);
        assertThat(shortfall.requiredBytes()).isEqualTo(4_000_033_554_432L);
        // H100 budget: 85,017,755,648 x 0.9 = 76,515,980,083.2 -> 76,515,980,083; short by 3,923,517,574,349
        assertThat(shortfall.largest().budgetBytes()).isEqualTo(76_515_980_083L);
        assertThat(shortfall.shortfallBytes()).isEqualTo(3_923_517_574_349L);
        assertThat(plan.warnings()).anyMatch(w -> w.contains("3,923,517,574,349 B short") && w.contains("up to 8"));
        assertThat(plan.candidates()).allMatch(c -> c.reason() != null && c.headroomBytes() < 0 && c.count() == 1);
        assertThat(plan.candidates().get(0).tried()).extracting(Placement::gpus).containsExactly(1, 2, 4, 8);
    }

    @Test
    void tooBigForOneGpuBecomesThePlacementWithTheFewestGpusThenTheLowestPrice() {
        // 200,000,000,000 x 2 B = 400 GB of weights + 33,554,432 B KV. Per GPU with TP n:
        // 400,000,000,000 / n + 33,554,432 / n (8 KV heads split while n <= 8).
        MemoryEstimate big = MemoryEstimator.estimate(
                ModelArchitecture.explicit(200_000_000_000L, 16, 32, 8, 64),
                new Precision(Dtype.FP16, Dtype.FP16),
                new Workload(4, 256));
        FitPlan plan = plan(big, List.of(A100_80, H100, P100), NINETY_PERCENT);

        Candidate chosen = plan.recommended();
        // 4 GPUs: 100,008,388,608 per GPU > 76.5 GB budgets; 8 GPUs: 50,004,194,304 fits both 80 GB cards.
        // Same count: 8 x $1.59 = $12.72 (A100) beats 8 x $3.29 = $26.32 (H100).
        assertThat(chosen.gpu()).isEqualTo(A100_80);
        assertThat(chosen.count()).isEqualTo(8);
        assertThat(chosen.requiredBytes()).isEqualTo(50_004_194_304L);
        assertThat(chosen.pricePerHourUsd()).isEqualByComparingTo("12.72");
        assertThat(plan.recommendationReason()).contains("8 x A100-SXM4-80GB", "tensor parallel 8");
    }

    @Test
    void tensorParallelSizesMustSplitTheHeads() {
        // 24 attention heads sharing 8 KV heads: TP 3 splits the heads but not the KV heads (8 % 3, 3 % 8),
        // TP 5 splits neither; TP 2, 4, 8 work; TP 16 > 8 KV heads replicates them (16 % 8 == 0) but 24 % 16 != 0
        ModelArchitecture model = ModelArchitecture.explicit(1_000_000_000L, 16, 24, 8, 64);
        assertThat(new io.gpufit.estimate.Parallelism(3, 1).invalidity(model))
                .get()
                .asString()
                .contains("KV heads");
        assertThat(new io.gpufit.estimate.Parallelism(5, 1).invalidity(model))
                .get()
                .asString()
                .contains("attention heads");
        assertThat(new io.gpufit.estimate.Parallelism(2, 1).invalidity(model)).isEmpty();
        assertThat(new io.gpufit.estimate.Parallelism(8, 1).invalidity(model)).isEmpty();
        // 32 heads, 4 KV heads: TP 8 > 4 replicates each KV head on two ranks
        assertThat(new io.gpufit.estimate.Parallelism(8, 1).invalidity(ModelArchitecture.explicit(1, 1, 32, 4, 64)))
                .isEmpty();
    }

    @Test
    void invalidTpSizesAreListedWithTheirReason() {
        // 24 heads, 8 KV heads, too big for one P100 (16 GB): 10B params x 2 B = 20 GB
        MemoryEstimate estimate = MemoryEstimator.estimate(
                ModelArchitecture.explicit(10_000_000_000L, 16, 24, 8, 64),
                new Precision(Dtype.FP16, Dtype.FP16),
                new Workload(1, 256));
        Candidate p100 =
                plan(estimate, List.of(P100), NINETY_PERCENT).candidates().get(0);
        // 1 GPU: 20 GB > 14.4 GB; 2 GPUs: 10 GB each, fits
        assertThat(p100.count()).isEqualTo(2);
        assertThat(p100.tried()).extracting(Placement::valid).containsExactly(true, true);
    }

    @Test
    void nothingCompatibleSaysSo() {
        FitPlan plan = plan(seed(Dtype.FP8), List.of(P100, T4), NINETY_PERCENT);
        assertThat(plan.shortfall().largest()).isNull();
        assertThat(plan.shortfall().message()).contains("compatible");
    }

    @Test
    void exactlyFullBudgetStillFits() {
        MemoryEstimate estimate = seed(Dtype.FP16);
        GpuProfile snug = gpu("snug", estimate.totalBytes(), "8.0", true, false, null);
        Candidate only =
                plan(estimate, List.of(snug), BigDecimal.ONE).candidates().get(0);
        assertThat(only.fits()).isTrue();
        assertThat(only.headroomBytes()).isZero();
    }
}
