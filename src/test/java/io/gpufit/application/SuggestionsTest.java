package io.gpufit.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void distanceCountsEditsAndSwapsOfNeighbours() {
        assertThat(Suggestions.distance("bf16", "bf16")).isZero();
        assertThat(Suggestions.distance("bf61", "bf16")).isEqualTo(1); // one swap
        assertThat(Suggestions.distance("fp12", "fp16")).isEqualTo(1); // one substitution
        assertThat(Suggestions.distance("q4km", "q4_k_m")).isEqualTo(2); // two insertions
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void closestRanksNearMissesFirstAndDropsFarNames() {
        List<String> ids = List.of("fp32", "fp16", "bf16", "fp8", "int8", "q4_k_m");
        // fp12: one substitution from fp32 and fp16; fp8 and bf16 are two away, too far for 4 letters (4 / 3 = 1)
        assertThat(Suggestions.closest("fp12", ids)).containsExactly("fp32", "fp16");
        // a100 is two away from b200: not suggested
        assertThat(Suggestions.closest("b200", List.of("a100", "h100"))).isEmpty();
        assertThat(Suggestions.closest("BF61", ids)).first().isEqualTo("bf16");
        assertThat(Suggestions.closest("zzzzzzzz", ids)).isEmpty();
    }

    @Test
    void aKeyIsAsCloseAsItsClosestName() {
        Map<String, List<String>> names =
                Map.of("meta-llama/Llama-3.1-8B", List.of("meta-llama/Llama-3.1-8B", "Llama-3.1-8B"));
        assertThat(Suggestions.closest("llama-3.1-8", names, Suggestions::lowerCase))
                .containsExactly("meta-llama/Llama-3.1-8B");
    }

    @Test
    void didYouMeanListsOneOrSeveral() {
        assertThat(Suggestions.didYouMean(List.of())).isEmpty();
        assertThat(Suggestions.didYouMean(List.of("bf16"))).isEqualTo("did you mean bf16?");
        assertThat(Suggestions.didYouMean(List.of("a", "b", "c"))).isEqualTo("did you mean a, b or c?");
    }
}
