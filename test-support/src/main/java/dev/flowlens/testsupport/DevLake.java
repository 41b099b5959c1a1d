package dev.flowlens.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Apache DevLake's fixtures under {@code testdata/devlake} (see its README): raw tables
 * ({@code <plugin>/raw_tables/_raw_*.csv}, one recorded API record per row, its JSON in the {@code data} column),
 * snapshot tables and the metric fixtures, all CSV.
 */
public final class DevLake {

    private static final DateTimeFormatter LOOSE = DateTimeFormatter.ofPattern("yyyy-M-d H:m:s");

    private DevLake() {
    }

    /** A row of a DevLake table: its columns by header name. */
    public record Row(Map<String, String> columns) {

        /** A column's text ({@code ""} when empty). */
        public String get(String column) {
            return columns.get(column);
        }

        /** A column holding JSON, parsed. */
        public JsonNode json(String column) {
            try {
                return RealData.JSON.readTree(columns.get(column));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A raw table's {@code data} column parsed: the tool's API record. */
        public JsonNode data() {
            return json("data");
        }

        /** A raw table's {@code input} column parsed (which parent record the request was for). */
        public JsonNode input() {
            return json("input");
        }
    }

    /** A folder under testdata/devlake, which must exist. */
    public static Path folder(String relative) {
        return RealData.folder("devlake/" + relative);
    }

    /** The rows of a testdata CSV file (path relative to testdata/). */
    public static List<Row> table(String relative) {
        return Csv.read(RealData.file(relative)).stream().map(Row::new).toList();
    }

    /**
     * A DevLake timestamp: ISO with an offset ({@code 2023-04-10T06:51:47.000+00:00}) or zone-less input
     * ({@code 2023-4-10 6:51:47}, UTC per testdata/devlake/README.md); null for blank.
     */
    public static Instant time(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        if (s.contains("T")) {
            return OffsetDateTime.parse(s).toInstant();
        }
        return LocalDateTime.parse(s.trim(), LOOSE).toInstant(ZoneOffset.UTC);
    }
}
