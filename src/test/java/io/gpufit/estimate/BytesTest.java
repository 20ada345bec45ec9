package io.gpufit.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BytesTest {

    @ParameterizedTest(name = "{0} B reads {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0 | 0 B",
                "999 | 999 B",
                "1000 | 1.00 KB (1000 B)",
                "1024 | 1.02 KB (1.00 KiB)",
                "33554432 | 33.6 MB (32.0 MiB)", // 2^25 B = 32 MiB exactly
                "2000000000 | 2.00 GB (1.86 GiB)", // 2e9 / 2^30 = 1.8626...
                "2033554432 | 2.03 GB (1.89 GiB)", // 2,033,554,432 / 2^30 = 1.8939...
                "85017755648 | 85.0 GB (79.2 GiB)", // H100 SXM: vLLM logs total_memory=79.19GiB
                "999999999999 | 1.00 TB (931 GiB)", // rounds up into the next unit's value
            })
    void human(long bytes, String expected) {
        assertThat(Bytes.human(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"2033554432 | 2,033,554,432", "0 | 0", "9223372036854775807 | 9,223,372,036,854,775,807"})
    void grouped(long value, String expected) {
        assertThat(Bytes.grouped(value)).isEqualTo(expected);
    }
}
