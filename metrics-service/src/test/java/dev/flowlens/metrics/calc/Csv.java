package dev.flowlens.metrics.calc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal RFC 4180 CSV reader (quoted fields, doubled quotes, newlines inside quotes) for the DevLake fixtures. */
public final class Csv {
    private Csv() {
    }

    /** Rows of a CSV file with a header line, as maps from column name to value ("" for empty). */
    public static List<Map<String, String>> read(Path file) throws IOException {
        List<List<String>> records = parse(Files.readString(file, StandardCharsets.UTF_8));
        List<String> header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> rec = records.get(r);
            if (rec.size() == 1 && rec.get(0).isEmpty()) {
                continue; // blank line
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), c < rec.size() ? rec.get(c) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    static List<List<String>> parse(String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                records.add(fields);
                fields = new ArrayList<>();
            } else {
                field.append(ch);
            }
            i++;
        }
        if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            records.add(fields);
        }
        return records;
    }

    private static final DateTimeFormatter LOOSE = DateTimeFormatter.ofPattern("yyyy-M-d H:m:s");

    /**
     * DevLake timestamps: ISO with an offset ("2023-04-10T06:51:47.000+00:00") or zone-less input
     * ("2023-4-10 6:51:47", UTC per testdata/devlake/README.md); null for "".
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

    /** Groups rows by a column. */
    public static Map<String, List<Map<String, String>>> groupBy(List<Map<String, String>> rows, String column) {
        Map<String, List<Map<String, String>>> map = new HashMap<>();
        for (Map<String, String> r : rows) {
            map.computeIfAbsent(r.get(column), k -> new ArrayList<>()).add(r);
        }
        return map;
    }
}
