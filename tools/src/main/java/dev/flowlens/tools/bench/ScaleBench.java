package dev.flowlens.tools.bench;

import static dev.flowlens.tools.common.Text.log;

import dev.flowlens.tools.common.Graphql;
import dev.flowlens.tools.common.Http;
import dev.flowlens.tools.common.Latency;
import dev.flowlens.tools.common.Options;
import dev.flowlens.tools.common.Table;
import dev.flowlens.tools.common.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The dashboard's query times at several sizes side by side (issue #28), run by {@code bin/bench-scale}, which seeds
 * one database per size with {@code bin/lib/seed-metrics.sql} and restarts the bench stack's metrics-service on each.
 *
 * <pre>
 *   bin/tools bench.ScaleBench --mode measure --label 100000 --anchor 2026-12-07T20:00:00Z --results FILE
 *        [--stream bench] [--everything everything] [--iterations 100] [--everything-iterations 10]
 *   bin/tools bench.ScaleBench --mode report --results FILE [--out FILE]
 * </pre>
 *
 * {@code measure} runs {@link MetricsBench}'s queries ({@link MetricsBench#queries}, {@link MetricsBench#measure})
 * through the gateway on one value stream, and again on the stream over everything unless {@code --everything} is
 * blank, and appends one line per query to the results file (label, figure, p95, p50 in ms); {@code bin/bench-scale}
 * adds the seed and ready times as lines of their own. {@code report} prints them as one table, a column per label in
 * the order measured and the ratio of the last to the first.
 */
public class ScaleBench {

    /** The ratio of the largest size's p95 to the smallest's that issue #28 accepts. */
    static final double TARGET_RATIO = 2.0;

    public static void main(String[] args) throws Exception {
        Options opt = Options.parseOrExit(args, Options.table(Options.BENCH_STACK + """
                mode                   measure
                label                  ""
                anchor                 ""
                stream                 bench
                everything             everything
                iterations             100
                everything-iterations  10
                results                ""
                out                    ""
                """));
        if (opt.isBlank("results")) {
            throw new IllegalArgumentException("--results FILE is needed");
        }
        Path results = Path.of(opt.get("results"));
        switch (opt.get("mode")) {
            case "measure" -> measure(opt, results);
            case "report" -> emit(report(Files.readAllLines(results)), opt.get("out"));
            default -> throw new IllegalArgumentException("--mode is measure or report, not " + opt.get("mode"));
        }
    }

    static void measure(Options opt, Path results) throws Exception {
        String label = opt.get("label");
        Instant anchor = Instant.parse(opt.get("anchor"));
        Graphql graphql = Graphql.asAdmin(Http.client(Duration.ofSeconds(10)), opt, Duration.ofMinutes(10), 600_000);
        List<String> lines = new ArrayList<>();
        int iterations = opt.integer("iterations");
        lines.addAll(measureStream(graphql, label, opt.get("stream"), "", anchor, iterations, 300));
        if (!opt.isBlank("everything")) {
            // its queries take up to seconds at millions of items: warmed 15 s or as many calls as are measured
            int everything = opt.integer("everything-iterations");
            lines.addAll(measureStream(graphql, label, opt.get("everything"), " [stream over everything]", anchor,
                    everything, everything));
        }
        Files.write(results, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static List<String> measureStream(Graphql graphql, String label, String stream, String suffix, Instant anchor,
            int iterations, int minWarm) throws Exception {
        List<String> lines = new ArrayList<>();
        for (MetricsBench.Query q : MetricsBench.queries(stream, anchor)) {
            int n = q.targetMs() > 0 ? iterations : Math.max(5, iterations / 10);
            String figure = q.figure() + suffix;
            try {
                Histogram h = MetricsBench.measure(graphql, q.text(), n, minWarm);
                log("%s, %s: p95 %.1f ms, p50 %.1f ms (%d calls)", label, figure, Latency.ms(h, 95),
                        Latency.ms(h, 50), n);
                lines.add(line(label, figure, Latency.ms(h, 95), Latency.ms(h, 50)));
            } catch (Exception | AssertionError e) {
                // a query that fails at one size (e.g. the gateway's 10 s timeout) is a result too: the others go on
                String why = Text.abbreviate(e.getMessage());
                log("%s, %s: failed: %s", label, figure, why);
                lines.add(String.join("\t", label, figure, "failed: " + why));
            }
        }
        return lines;
    }

    /** A results line: label, figure, p95 and p50 in ms, tab-separated. */
    static String line(String label, String figure, double p95, double p50) {
        return String.join("\t", label, figure, String.format(Locale.ROOT, "%.1f", p95),
                String.format(Locale.ROOT, "%.1f", p50));
    }

    /**
     * The table of the results lines: a row per figure (in the order first measured), a column per label (likewise),
     * then the ratio of the last label's p95 to the first's and whether it is within {@link #TARGET_RATIO}. A line
     * whose third field is not a number (bin/bench-scale's "seeded in", "ready after") is shown as it is, without a
     * ratio target.
     */
    static String report(List<String> lines) {
        Map<String, Map<String, String[]>> byFigure = new LinkedHashMap<>();
        List<String> labels = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 3) {
                throw new IllegalArgumentException("not a results line (label, figure, value[, p50]): " + line);
            }
            if (!labels.contains(f[0])) {
                labels.add(f[0]);
            }
            byFigure.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).put(f[0], f);
        }
        int figureWidth = Math.max(6, byFigure.keySet().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder format = new StringBuilder("%-" + figureWidth + "s");
        List<Object> header = new ArrayList<>(List.of("figure"));
        for (String l : labels) {
            format.append(" | %-22s");
            header.add(items(l));
        }
        format.append(" | %-8s | %s%n");
        header.add("ratio");
        header.add("<= " + TARGET_RATIO + "x");
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, format.toString(), header.toArray()));
        out.append("-".repeat(figureWidth + labels.size() * 25 + 22)).append('\n');
        for (Map.Entry<String, Map<String, String[]>> e : byFigure.entrySet()) {
            List<Object> row = new ArrayList<>(List.of(e.getKey()));
            for (String l : labels) {
                String[] f = e.getValue().get(l);
                row.add(f == null ? "-" : f.length > 3 ? f[2] + " ms (p50 " + f[3] + ")" : f[2]);
            }
            String[] first = e.getValue().get(labels.get(0));
            String[] last = e.getValue().get(labels.get(labels.size() - 1));
            Double ratio = labels.size() < 2 || first == null || last == null || first.length < 4 ? null
                    : Double.parseDouble(last[2]) / Double.parseDouble(first[2]);
            row.add(ratio == null ? "" : String.format(Locale.ROOT, "%.2f", ratio));
            row.add(ratio == null ? "" : ratio <= TARGET_RATIO ? "PASS" : "FAIL");
            out.append(String.format(Locale.ROOT, format.toString(), row.toArray()));
        }
        return out.toString();
    }

    /** A label that is a count of items, written as one ("5,000,000 items"); any other as it is. */
    static String items(String label) {
        try {
            return String.format(Locale.ROOT, "%,d items", Long.parseLong(label));
        } catch (NumberFormatException e) {
            return label;
        }
    }

    /** Prints the report (the machine, then the table) and writes it to {@code out} unless blank. */
    static void emit(String table, String out) throws IOException {
        String report = String.format(Locale.ROOT, "Flowlens query times by size (bin/bench-scale), %s%n", Instant.now())
                + String.format(Locale.ROOT, "machine: %d cores, %s; load average %s; java %s%n%n",
                        Runtime.getRuntime().availableProcessors(), Text.memory(), Text.loadAverage(),
                        System.getProperty("java.version"))
                + table;
        Table.emit(report, out, false);
    }
}
