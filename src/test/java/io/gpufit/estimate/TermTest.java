package io.gpufit.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TermTest {

    @Test
    void rendersLabelFormulaAndBytesFromOnePlace() {
        Term kv = new Term("KV cache", "4 sequences x 256 tokens x 32,768 B", 33_554_432L);
        assertThat(kv.equation()).isEqualTo("4 sequences x 256 tokens x 32,768 B = 33,554,432 B");
        assertThat(kv.line()).isEqualTo("KV cache = 4 sequences x 256 tokens x 32,768 B = 33,554,432 B");
        assertThat(kv.lineWithSize()).isEqualTo(kv.line() + " (33.6 MB)");
    }

    @Test
    void aTermWithoutFormulaIsItsLabelAndBytes() {
        assertThat(Term.of("non-torch memory (CUDA context)", 268_435_456L).line())
                .isEqualTo("non-torch memory (CUDA context) = 268,435,456 B");
    }

    @Test
    void sumIsExact() {
        assertThat(Term.sum(List.of(Term.of("a", 2_000_000_000L), Term.of("b", 33_554_432L))))
                .isEqualTo(2_033_554_432L);
        assertThatThrownBy(() -> Term.sum(List.of(Term.of("a", Long.MAX_VALUE), Term.of("b", 1))))
                .isInstanceOf(ArithmeticException.class);
    }
}
