package io.gpufit.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.EstimateOverflowException;
import io.gpufit.estimate.MemoryEstimate;
import io.gpufit.estimate.MemoryEstimator;
import io.gpufit.estimate.Parallelism;
import io.gpufit.estimate.Precision;
import io.gpufit.estimate.ShardSizes;
import io.gpufit.estimate.Term;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuCatalogTestSupport;
import io.gpufit.gpu.GpuProfile;
import io.gpufit.model.ModelArchitecture;
import io.gpufit.plan.Candidate;
import io.gpufit.plan.Capacity;
import io.gpufit.plan.FitPlan;
import io.gpufit.plan.FitPlanner;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

/** The textbook engine on the seed example: 1B params in fp16, 16 layers, 8 KV heads of 64, 4 x 256 tokens. */
class TextbookEngineTest {

    static final MemoryEstimate SEED = MemoryEstimator.estimate(
            ModelArchitecture.explicit(1_000_000_000L, 16, 32, 8, 64),
            new Precision(Dtype.FP16, Dtype.FP16),
            new Workload(4, 256));

    static GpuProfile gpu(long usableBytes) {
        return new GpuProfile(
                "test-gpu",
                "TEST",
                "NVIDIA",
                List.of(),
                List.of(),
                3,
                usableBytes,
                "test",
                BigDecimal.ONE,
                "8.0",
                true,
                false,
                BigDecimal.ONE,
                100,
                null,
                null);
    }

    @Test
    void onOneGpuTheTermsAddUpToTheEstimate() {
        TextbookBudget budget = new TextbookEngine(BigDecimal.ONE)
                .budget(new ShardSizes(SEED), Parallelism.SINGLE, gpu(3_000_000_000L));
        // 1,000,000,000 x 2 B = 2,000,000,000 B; 4 x 256 tokens x 32,768 B = 33,554,432 B
        assertThat(budget.terms()).extracting(Term::bytes).containsExactly(2_000_000_000L, 33_554_432L);
        assertThat(Term.sum(budget.terms()))
                .isEqualTo(budget.requiredBytes())
                .isEqualTo(2_033_554_432L)
                .isEqualTo(SEED.totalBytes());
        assertThat(budget.terms())
                .extracting(Term::line)
                .containsExactly(
                        "weights on this GPU (TP 1, PP 1) = 2,000,000,000 B",
                        "KV cache for the workload = 4 sequences x 8,388,608 B per sequence of 256 tokens = 33,554,432 B");
        assertThat(budget.limitBytes()).isEqualTo(3_000_000_000L);
        assertThat(budget.reason()).isNull();
    }

    @Test
    void tensorParallelTwoHalvesWeightsAndKvHeads() {
        TextbookBudget budget = new TextbookEngine(BigDecimal.ONE)
                .budget(new ShardSizes(SEED), new Parallelism(2, 1), gpu(3_000_000_000L));
        // 2,000,000,000 / 2 = 1,000,000,000 B; 4 KV heads per rank: 4 x 256 x 2 x 16 x 4 x 64 x 2 B = 16,777,216 B
        assertThat(budget.terms()).extracting(Term::bytes).containsExactly(1_000_000_000L, 16_777_216L);
        assertThat(budget.requiredBytes()).isEqualTo(1_016_777_216L);
    }

    @Test
    void capacityCountsTheMemoryBesideTheWeights() {
        Capacity capacity = new TextbookEngine(BigDecimal.ONE)
                .budget(new ShardSizes(SEED), Parallelism.SINGLE, gpu(3_000_000_000L))
                .capacity();
        // 3,000,000,000 - 2,000,000,000 = 1,000,000,000 B for the KV cache; a sequence of 256 tokens takes
        // 256 x 32,768 = 8,388,608 B: 119 of them (120 would take 1,006,632,960 B). No declared context: 256.
        // Longest for 4 sequences: 4 x 32,768 B x n <= 1,000,000,000, n = 7,629.
        assertThat(capacity).isEqualTo(new Capacity(119, 7_629, 256, 119));
    }

    @Test
    void tooLittleMemorySaysByHowMuch() {
        // 2,100,000,000 x 0.9 = 1,890,000,000 B allowed; 2,033,554,432 needed: 143,554,432 B short
        TextbookBudget budget = new TextbookEngine(new BigDecimal("0.9"))
                .budget(new ShardSizes(SEED), Parallelism.SINGLE, gpu(2_100_000_000L));
        assertThat(budget.limitBytes()).isEqualTo(1_890_000_000L);
        assertThat(budget.reason())
                .isEqualTo("needs 2,033,554,432 B (2.03 GB (1.89 GiB)) per GPU on 1 x TEST but "
                        + "each allows 1,890,000,000 B (2,100,000,000 B usable x 0.9): 143,554,432 B short");
    }

    @Test
    void utilizationMustBeAFraction() {
        assertThatThrownBy(() -> new TextbookEngine(BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TextbookEngine(new BigDecimal("1.01")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMinimumHeadroomDecidesTheFitAndWhatIsShortIsAlwaysPositive() {
        GpuProfile gpu = gpu(3_000_000_000L);
        // budget x 1 = 3,000,000,000; seed needs 2,033,554,432: headroom 966,445,568
        TextbookBudget exact =
                new TextbookEngine(BigDecimal.ONE, 966_445_568L).budget(new ShardSizes(SEED), Parallelism.SINGLE, gpu);
        assertThat(exact.reason()).isNull();
        assertThat(exact.missingBytes()).isZero();

        TextbookBudget oneMore =
                new TextbookEngine(BigDecimal.ONE, 966_445_569L).budget(new ShardSizes(SEED), Parallelism.SINGLE, gpu);
        // 2,033,554,432 + 966,445,569 - 3,000,000,000 = 1
        assertThat(oneMore.missingBytes()).isEqualTo(1);
        assertThat(oneMore.reason())
                .isEqualTo("needs 2,033,554,432 B (2.03 GB (1.89 GiB)) per GPU on 1 x TEST plus a minimum headroom of "
                        + "966,445,569 B (minHeadroomBytes) but each allows 3,000,000,000 B (3,000,000,000 B usable x 1): "
                        + "1 B short");
    }

    @Test
    void capacityLeavesTheMinimumHeadroomFree() {
        // 3,000,000,000 - 2,000,000,000 weights - 500,000,000 margin = 500,000,000 for KV;
        // a 256-token sequence takes 256 x 32,768 = 8,388,608 B: floor(500,000,000 / 8,388,608) = 59
        Capacity capacity = new TextbookEngine(BigDecimal.ONE, 500_000_000L)
                .budget(new ShardSizes(SEED), Parallelism.SINGLE, gpu(3_000_000_000L))
                .capacity();
        assertThat(capacity.maxBatchSize()).isEqualTo(59);
    }

    @Test
    void theDefaultMinimumHeadroomIsTwoAndAHalfGib() {
        // 0.25 GiB CUDA context + 1.93 GiB largest calibrated activation peak = 2.18 GiB, rounded up to 2.5 GiB
        assertThat(TextbookEngine.DEFAULT_MIN_HEADROOM_BYTES).isEqualTo(2_684_354_560L);
        assertThat(TextbookEngine.DEFAULT_MIN_HEADROOM_BYTES)
                .isGreaterThan((1L << 30) / 4 + (long) (1.93 * (1L << 30)));
        assertThatThrownBy(() -> new TextbookEngine(BigDecimal.ONE, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Random explicit-size models and workloads over the whole embedded catalog: planning never fails
     * when the core estimate and the minimum headroom fit in a long (worked out here in BigInteger), and
     * a GPU that fits reports a capacity of at least the requested batch and sequence length. Capacity
     * is secondary: it never makes a request "too large".
     */
    @Test
    void capacityNeverMakesAnEstimateThatFitsTooLarge() {
        List<GpuProfile> catalog = GpuCatalogTestSupport.embedded(new DefaultResourceLoader());
        TextbookEngine engine = new TextbookEngine(new BigDecimal("0.9"), TextbookEngine.DEFAULT_MIN_HEADROOM_BYTES);
        SplittableRandom random = new SplittableRandom(20261204L);
        int planned = 0;
        for (int i = 0; i < 400; i++) {
            int kvHeads = random.nextInt(1, 65);
            int layers = random.nextInt(1, 10_001);
            int headDim = random.nextInt(1, 65_537);
            long parameters = random.nextLong(1, 1_000_000_000_000_001L);
            ModelArchitecture model =
                    ModelArchitecture.explicit(parameters, layers, kvHeads * random.nextInt(1, 17), kvHeads, headDim);
            int batch = random.nextInt(1, 1_000_001);
            int sequence = random.nextBoolean() ? random.nextInt(1, 100_000_001) : random.nextInt(1, 1_025);
            // weights x 2 B + batch x sequence x 2 (K and V) x layers x KV heads x head dim x 2 B + headroom
            BigInteger needed = BigInteger.valueOf(parameters)
                    .shiftLeft(1)
                    .add(BigInteger.valueOf(4L * layers * kvHeads * headDim)
                            .multiply(BigInteger.valueOf((long) batch * sequence)))
                    .add(BigInteger.valueOf(TextbookEngine.DEFAULT_MIN_HEADROOM_BYTES));
            String name = "%d params, %d layers, %d KV heads of %d, %d x %d"
                    .formatted(parameters, layers, kvHeads, headDim, batch, sequence);
            if (needed.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
                continue;
            }
            MemoryEstimate estimate = MemoryEstimator.estimate(
                    model, new Precision(Dtype.FP16, Dtype.FP16), new Workload(batch, sequence));
            FitPlan plan;
            try {
                plan = FitPlanner.plan(estimate, catalog, engine);
            } catch (EstimateOverflowException e) {
                throw new AssertionError(name + ": " + e.getMessage(), e);
            }
            planned++;
            for (Candidate c : plan.candidates()) {
                Capacity capacity = c.capacity();
                if (capacity == null) {
                    continue;
                }
                assertThat(capacity.maxBatchSize()).as(name).isNotNegative();
                assertThat(capacity.maxSequenceLength()).as(name).isNotNegative();
                assertThat(capacity.maxConcurrency()).as(name).isNotNegative();
                if (c.fits()) {
                    assertThat(capacity.maxBatchSize()).as(name).isGreaterThanOrEqualTo(batch);
                    assertThat(capacity.maxSequenceLength()).as(name).isGreaterThanOrEqualTo(sequence);
                }
            }
        }
        assertThat(planned).isGreaterThan(100);
    }
}
