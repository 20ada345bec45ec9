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

    @org.junit.jupiter.api.Test
    void groupedAgreesWithJavasGroupingForAnyLong() {
        java.util.Random random = new java.util.Random(20261130L);
        for (long value : new long[] {0, 7, -7, 999, 1_000, -1_000, 999_999, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(Bytes.grouped(value)).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", value));
        }
        for (int i = 0; i < 10_000; i++) {
            long value = random.nextLong() >> random.nextInt(64);
            assertThat(Bytes.grouped(value)).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", value));
        }
    }

    @org.junit.jupiter.api.Test
    void humanSizesAgreeWithTheBigDecimalReadingForAnySize() {
        java.util.Random random = new java.util.Random(20261130L);
        for (int i = 0; i < 20_000; i++) {
            long value = Math.abs(random.nextLong() >> random.nextInt(64));
            String exact = value < 1000
                    ? value + " B"
                    : Bytes.scaledExactly(value, 1000, new String[] {"B", "KB", "MB", "GB", "TB", "PB", "EB"})
                            + " ("
                            + Bytes.scaledExactly(
                                    value, 1024, new String[] {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"})
                            + ")";
            assertThat(Bytes.human(value)).as("%d", value).isEqualTo(exact);
        }
        // carries: 9.996 GB reads 10.0 GB, 999.6 MB reads 1.00 GB
        assertThat(Bytes.decimal(9_996_000_000L)).isEqualTo("10.0 GB");
        assertThat(Bytes.decimal(999_600_000L)).isEqualTo("1.00 GB");
    }
}
