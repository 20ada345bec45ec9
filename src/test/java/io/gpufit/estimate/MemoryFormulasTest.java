package io.gpufit.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpufit.model.KvLayout;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each formula against values worked out by hand or taken from ../shared/reference. */
class MemoryFormulasTest {

    /** Every layer caches a key and a value per KV head. */
    static KvLayout uniform(int layers, int kvHeads, int headDim) {
        return new KvLayout(List.of(new KvLayout.LayerGroup(layers, 2L * kvHeads, headDim, 0)));
    }

    /** KV cache per token of a uniform layout: one token of one sequence. */
    static long perToken(int layers, int kvHeads, int headDim, Dtype dtype) {
        return MemoryFormulas.kvBytesPerSequence(uniform(layers, kvHeads, headDim), dtype, 1);
    }

    @Test
    void seedWeightsAreOneBillionParametersAtTwoBytes() {
        // reference README: 1,000,000,000 params x 2 B = 2,000,000,000 B
        assertThat(MemoryFormulas.weightBytes(1_000_000_000L, Dtype.FP16)).isEqualTo(2_000_000_000L);
    }

    @Test
    void seedKvCachePerTokenUsesTheKvHeads() {
        // reference README: 2 x 16 layers x (8 heads x 64) x 2 B = 32,768 B
        assertThat(perToken(16, 8, 64, Dtype.FP16)).isEqualTo(32_768L);
    }

    @Test
    void countingAttentionHeadsInsteadOfKvHeadsWouldOverstateFourTimes() {
        // Llama 3.2 1B has 32 query heads sharing 8 KV heads: 2 x 16 x 32 x 64 x 2 = 131,072 B, 4x the GQA figure
        long mha = perToken(16, 32, 64, Dtype.FP16);
        assertThat(mha).isEqualTo(131_072L).isEqualTo(4 * perToken(16, 8, 64, Dtype.FP16));
    }

    @Test
    void seedKvCacheAndTotal() {
        // reference README: 4 x 256 tokens x 32,768 B = 33,554,432 B; total 2,033,554,432 B
        long kv =
                MemoryFormulas.kvCacheBytes(4, MemoryFormulas.kvBytesPerSequence(uniform(16, 8, 64), Dtype.FP16, 256));
        assertThat(kv).isEqualTo(33_554_432L);
        assertThat(MemoryFormulas.totalBytes(2_000_000_000L, kv)).isEqualTo(2_033_554_432L);
    }

    @Test
    void llama31EightBKvPerToken() {
        // Llama-3.1-8B config.json: 32 layers, 8 KV heads, head dim 4096/32 = 128; BF16:
        // 2 x 32 x 8 x 128 x 2 = 131,072 B per token
        assertThat(perToken(32, 8, 128, Dtype.BF16)).isEqualTo(131_072L);
    }

    @ParameterizedTest(name = "{0} params in {1} = {2} B")
    @CsvSource({
        "1235814400, BF16, 2471628800", // reference README: Llama 3.2 1B real count, 2.47 GB of BF16
        "1000, FP32, 4000",
        "1000, FP8, 1000",
        "1000, INT8, 1000",
        "1000, INT4, 500",
        "3, INT4, 2", // 3 x 4 bits = 12 bits: the last byte is only half used
        "1, INT4, 1",
        "7, INT4, 4",
        "8, INT4, 4",
    })
    void weightBytesByDtype(long parameters, Dtype dtype, long expected) {
        assertThat(MemoryFormulas.weightBytes(parameters, dtype)).isEqualTo(expected);
    }

    @Test
    void int4KvCacheIsExactHalfOfInt8() {
        // 2 x 16 x 8 x 64 = 16,384 elements: 16,384 B in int8, 8,192 B in int4
        assertThat(perToken(16, 8, 64, Dtype.INT8)).isEqualTo(16_384L);
        assertThat(perToken(16, 8, 64, Dtype.INT4)).isEqualTo(8_192L);
    }

    @Test
    void bytesForLargeCountsDoNotOverflowBeforeTheResultDoes() {
        // Long.MAX_VALUE int4 values need ceil(MAX x 4 / 8) bytes = MAX / 2 + 1 (MAX is odd)
        assertThat(MemoryFormulas.bytesFor(Long.MAX_VALUE, Dtype.INT4)).isEqualTo(Long.MAX_VALUE / 2 + 1);
    }

    @Test
    void overflowIsDetectedNotWrapped() {
        assertThatThrownBy(() -> MemoryFormulas.kvCacheBytes(1_000_000, 100_000_000L << 40))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() ->
                        MemoryFormulas.kvBytesPerSequence(uniform(10_000, 65_536, 65_536), Dtype.FP16, 100_000_000))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> MemoryFormulas.weightBytes(Long.MAX_VALUE, Dtype.FP32))
                .isInstanceOf(ArithmeticException.class);
    }
}
