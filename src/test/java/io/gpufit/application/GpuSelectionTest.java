package io.gpufit.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One GPU by id or short name, as GET /gpus/{id} asks for it. */
class GpuSelectionTest {

    private final GpuSelection gpus = Fixtures.gpuSelection();

    @Test
    void byIdOrUnambiguousShortName() {
        assertThat(gpus.one("id", "a100-sxm4-80gb")).contains(Fixtures.A100_80);
        assertThat(gpus.one("id", "h100")).contains(Fixtures.H100);
        assertThat(gpus.one("id", "A100_80GB")).contains(Fixtures.A100_80);
    }

    @Test
    void emptyWhenUnknown() {
        assertThat(gpus.one("id", "b200")).isEmpty();
    }

    @Test
    void anAmbiguousNameIsAViolationOfTheGivenField() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> gpus.one("id", "A100"));

        assertThat(e.violations())
                .isEqualTo(List.of(new Violation(
                        "id", "A100", "ambiguous GPU name; choose one of: a100-pcie-40gb, a100-sxm4-80gb")));
    }
}
