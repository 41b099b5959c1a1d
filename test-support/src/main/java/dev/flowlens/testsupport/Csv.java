package dev.flowlens.testsupport;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CSV fixtures with a header line (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes), read by
 * jackson-dataformat-csv. A row is a map from column name to text, in the header's order; an empty or missing field
 * is {@code ""}, blank lines are skipped.
 */
public final class Csv {

    private static final ObjectReader ROWS = new CsvMapper()
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .enable(CsvParser.Feature.IGNORE_TRAILING_UNMAPPABLE)
            .readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader());

    private Csv() {
    }

    /** The rows of a CSV file. */
    public static List<Map<String, String>> read(Path file) {
        try (MappingIterator<Map<String, String>> it = ROWS.readValues(file.toFile())) {
            return rows(it);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The rows of CSV text. */
    public static List<Map<String, String>> parse(String text) {
        try (MappingIterator<Map<String, String>> it = ROWS.readValues(text)) {
            return rows(it);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, String>> rows(MappingIterator<Map<String, String>> it) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        while (it.hasNextValue()) {
            Map<String, String> read = it.nextValue();
            Map<String, String> row = new LinkedHashMap<>();
            for (CsvSchema.Column column : (CsvSchema) it.getParserSchema()) {
                row.put(column.getName(), read.getOrDefault(column.getName(), ""));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Rows grouped by the text of a column. */
    public static Map<String, List<Map<String, String>>> groupBy(List<Map<String, String>> rows, String column) {
        Map<String, List<Map<String, String>>> map = new HashMap<>();
        for (Map<String, String> r : rows) {
            map.computeIfAbsent(r.get(column), k -> new ArrayList<>()).add(r);
        }
        return map;
    }
}
