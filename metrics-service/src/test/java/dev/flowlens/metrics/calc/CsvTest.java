package dev.flowlens.metrics.calc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    @DisplayName("CSV: quoted fields with commas, doubled quotes and newlines; CRLF; empty fields")
    void quoted() {
        List<List<String>> r = Csv.parse("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,\n");
        assertThat(r).containsExactly(List.of("a", "b", "c"), List.of("x,1", "say \"hi\"", "two\nlines"),
                List.of("", "", ""));
    }

    @Test
    @DisplayName("DevLake times: ISO with offset, and zone-less input taken as UTC")
    void times() {
        assertThat(Csv.time("2023-04-10T06:51:47.000+00:00")).isEqualTo(Instant.parse("2023-04-10T06:51:47Z"));
        assertThat(Csv.time("2023-4-10 6:51:47")).isEqualTo(Instant.parse("2023-04-10T06:51:47Z"));
        assertThat(Csv.time("")).isNull();
    }
}
