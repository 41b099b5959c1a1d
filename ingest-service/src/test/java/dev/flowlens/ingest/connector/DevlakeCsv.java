package dev.flowlens.ingest.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DevLake's raw tables ({@code devlake/<plugin>/raw_tables/_raw_*.csv}): one recorded API record per
 * row, RFC 4180 quoting with multi-line fields. Each row's {@code data} column is the record's JSON.
 */
public final class DevlakeCsv {

    private DevlakeCsv() {
    }

    /** A row: its columns by header name. */
    public record Row(Map<String, String> columns) {
        public String get(String column) {
            return columns.get(column);
        }

        /** The {@code data} column parsed. */
        public JsonNode data() {
            return parse(columns.get("data"));
        }

        /** The {@code input} column parsed (which parent record the request was for). */
        public JsonNode input() {
            return parse(columns.get("input"));
        }
    }

    /** The rows of a testdata CSV file. */
    public static List<Row> read(String relative) {
        String text;
        try {
            text = Files.readString(RealData.file(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<List<String>> records = parseCsv(text);
        List<String> header = records.get(0);
        List<Row> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            if (r.size() == 1 && r.get(0).isEmpty()) {
                continue;
            }
            Map<String, String> cols = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                cols.put(header.get(i), i < r.size() ? r.get(i) : null);
            }
            rows.add(new Row(cols));
        }
        return rows;
    }

    private static JsonNode parse(String json) {
        try {
            return RealData.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
