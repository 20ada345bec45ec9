package io.gpufit.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpufit.model.ModelArchitecture;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Laws every estimate obeys, checked over random models and workloads of realistic size. The seed
 * is fixed so a failure reproduces; each assertion names the case that broke it.
 */
class MemoryPropertiesTest {

    private static final int CASES = 2_000;
    private static final long SEED = 20261126L;

    /** One random case: a valid model, formats and workload. */
    record Case(ModelArchitecture shape, Precision precision, Workload workload, SplittableRandom random) {

        static Case draw(SplittableRandom random) {
            int kvHeads = random.nextInt(1, 65);
            int groupSize = random.nextInt(1, 17);
            ModelArchitecture shape = ModelArchitecture.explicit(
                    random.nextLong(1, 2_000_000_000_001L),
                    random.nextInt(1, 257),
                    kvHeads * groupSize,
                    kvHeads,
                    random.nextInt(1, 513));
            Dtype[] dtypes = Dtype.values();
            Dtype[] kvDtypes =
                    java.util.Arrays.stream(dtypes).filter(Dtype::kvCacheFormat).toArray(Dtype[]::new);
            Precision precision =
                    new Precision(dtypes[random.nextInt(dtypes.length)], kvDtypes[random.nextInt(kvDtypes.length)]);
            return new Case(shape, precision, new Workload(random.nextInt(1, 513), random.nextInt(1, 32_769)), random);
        }

        MemoryEstimate estimate(ModelArchitecture s, Workload w) {
            return MemoryEstimator.estimate(s, precision, w);
        }
    }

    private static void forAll(Consumer<Case> property) {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < CASES; i++) {
            property.accept(Case.draw(random));
        }
    }

    @Test
    void kvCacheIsLinearInBatchSize() {
        forAll(c -> {
            int factor = c.random().nextInt(1, 9);
            Workload scaled =
                    new Workload(c.workload().batchSize() * factor, c.workload().sequenceLength());
            MemoryEstimate one = c.estimate(c.shape(), c.workload());
            MemoryEstimate many = c.estimate(c.shape(), scaled);

            assertThat(many.kvCacheBytes()).as("%s x%d", c, factor).isEqualTo(factor * one.kvCacheBytes());
            assertThat(many.totalBytes() - many.weightBytes())
                    .as("%s x%d", c, factor)
                    .isEqualTo(factor * (one.totalBytes() - one.weightBytes()));
        });
    }

    @Test
    void kvCacheIsLinearInSequenceLength() {
        forAll(c -> {
            int factor = c.random().nextInt(1, 9);
            Workload scaled =
                    new Workload(c.workload().batchSize(), c.workload().sequenceLength() * factor);

            assertThat(c.estimate(c.shape(), scaled).kvCacheBytes())
                    .as("%s x%d", c, factor)
                    .isEqualTo(factor * c.estimate(c.shape(), c.workload()).kvCacheBytes());
        });
    }

    @Test
    void totalNeverDecreasesWhenAnySizeGrows() {
        forAll(c -> {
            ModelArchitecture s = c.shape();
            Workload w = c.workload();
            int by = c.random().nextInt(1, 1001);
            int grown = c.random().nextInt(6);
            ModelArchitecture biggerShape = switch (grown) {
                case 0 ->
                    ModelArchitecture.explicit(
                            s.parameters() + by,
                            s.numLayers(),
                            s.numAttentionHeads(),
                            s.numKeyValueHeads(),
                            s.headDim());
                case 1 ->
                    ModelArchitecture.explicit(
                            s.parameters(),
                            s.numLayers() + by,
                            s.numAttentionHeads(),
                            s.numKeyValueHeads(),
                            s.headDim());
                // more KV heads with the same group size, so the grouping stays valid
                case 2 ->
                    ModelArchitecture.explicit(
                            s.parameters(),
                            s.numLayers(),
                            s.numAttentionHeads() / s.numKeyValueHeads() * (s.numKeyValueHeads() + by),
                            s.numKeyValueHeads() + by,
                            s.headDim());
                case 3 ->
                    ModelArchitecture.explicit(
                            s.parameters(),
                            s.numLayers(),
                            s.numAttentionHeads(),
                            s.numKeyValueHeads(),
                            s.headDim() + by);
                default -> s;
            };
            Workload biggerWorkload = switch (grown) {
                case 4 -> new Workload(w.batchSize() + by, w.sequenceLength());
                case 5 -> new Workload(w.batchSize(), w.sequenceLength() + by);
                default -> w;
            };
            assertThat(c.estimate(biggerShape, biggerWorkload).totalBytes())
                    .as("%s, size %d grown by %d", c, grown, by)
                    .isGreaterThanOrEqualTo(c.estimate(s, w).totalBytes());
        });
    }

    @Test
    void groupedQueryAttentionNeverExceedsMultiHead() {
        forAll(c -> {
            ModelArchitecture gqa = c.shape();
            ModelArchitecture mha = ModelArchitecture.explicit(
                    gqa.parameters(), gqa.numLayers(), gqa.numAttentionHeads(), gqa.numAttentionHeads(), gqa.headDim());
            MemoryEstimate grouped = c.estimate(gqa, c.workload());
            MemoryEstimate multiHead = c.estimate(mha, c.workload());

            assertThat(grouped.kvCacheBytes()).as("%s", c).isLessThanOrEqualTo(multiHead.kvCacheBytes());
            // the saving is exactly the group size
            long groupSize = gqa.numAttentionHeads() / gqa.numKeyValueHeads();
            assertThat(multiHead.kvCacheBytesPerToken())
                    .as("%s", c)
                    .isEqualTo(groupSize * grouped.kvCacheBytesPerToken());
        });
    }
}
