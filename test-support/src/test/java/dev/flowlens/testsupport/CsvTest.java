package dev.flowlens.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    @DisplayName("CSV: quoted fields with commas, doubled quotes and newlines; CRLF; empty fields; blank lines skipped")
    void quoted() {
        List<Map<String, String>> rows = Csv.parse("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n\n,,\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly(entry("a", "x,1"), entry("b", "say \"hi\""), entry("c", "two\nlines"));
        assertThat(rows.get(1)).containsExactly(entry("a", ""), entry("b", ""), entry("c", ""));
    }

    @Test
    @DisplayName("CSV: a short row has its missing columns empty, in the header's order")
    void shortRow() {
        assertThat(Csv.parse("a,b,c\n1\n").get(0)).containsExactly(entry("a", "1"), entry("b", ""), entry("c", ""));
    }

    @Test
    @DisplayName("CSV: a DevLake raw table, the record's JSON in its data column")
    void devlakeRawTable() {
        List<DevLake.Row> rows = DevLake.table("devlake/github/raw_tables/_raw_github_api_pull_requests.csv");
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(r -> assertThat(r.data().path("number").isNumber()).isTrue());
    }

    @Test
    @DisplayName("DevLake times: ISO with offset, and zone-less input taken as UTC")
    void times() {
        assertThat(DevLake.time("2023-04-10T06:51:47.000+00:00")).isEqualTo(Instant.parse("2023-04-10T06:51:47Z"));
        assertThat(DevLake.time("2023-4-10 6:51:47")).isEqualTo(Instant.parse("2023-04-10T06:51:47Z"));
        assertThat(DevLake.time("")).isNull();
    }
}
