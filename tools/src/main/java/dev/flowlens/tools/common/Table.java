package dev.flowlens.tools.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmarks' result table: figure | target | measured | pass, one row a figure. */
public final class Table {

    /** One figure: what it is, its target ("(info)" for none), what was measured, PASS, FAIL or "-". */
    public record Row(String figure, String target, String measured, String pass) {
    }

    private final List<Row> rows = new ArrayList<>();

    public void add(Row row) {
        rows.add(row);
    }

    public void add(String figure, String target, String measured, String pass) {
        rows.add(new Row(figure, target, measured, pass));
    }

    /** A figure for information: no target, nothing passes or fails. */
    public void info(String figure, String measured) {
        add(figure, "(info)", measured, "-");
    }

    /** A figure with a target: PASS or FAIL. */
    public void check(String figure, String target, String measured, boolean pass) {
        add(figure, target, measured, pass ? "PASS" : "FAIL");
    }

    /** Whether no row failed. */
    public boolean passed() {
        return rows.stream().noneMatch(r -> "FAIL".equals(r.pass()));
    }

    /** The header, a rule of {@code ruleWidth} dashes and the rows, the first three columns padded to their widths. */
    public String render(int figureWidth, int targetWidth, int measuredWidth, int ruleWidth) {
        String format = "%-" + figureWidth + "s | %-" + targetWidth + "s | %-" + measuredWidth + "s | %s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, format, "figure", "target", "measured", "pass"));
        out.append("-".repeat(ruleWidth)).append('\n');
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, format, r.figure(), r.target(), r.measured(), r.pass()));
        }
        return out.toString();
    }

    /** Prints the report and, when {@code out} is not blank, writes it there (after what is there with append). */
    public static void emit(String report, String out, boolean append) throws IOException {
        System.out.print(report);
        if (out.isBlank()) {
            return;
        }
        Path path = Path.of(out);
        if (append && Files.exists(path)) {
            Files.writeString(path, Files.readString(path) + "\n" + report);
        } else {
            Files.writeString(path, report);
        }
        System.out.println("written to " + out);
    }
}
