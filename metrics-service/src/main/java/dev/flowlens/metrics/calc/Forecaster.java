package dev.flowlens.metrics.calc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Monte Carlo forecast from daily throughput (METRICS.md "Forecast"). Pure apart from an unseeded random. */
public final class Forecaster {
    /** Default number of whole days of history. */
    public static final int DEFAULT_HISTORY_DAYS = 90;
    /** Default number of trials. */
    public static final int DEFAULT_RUNS = 10_000;
    /** Confidence levels reported, in order. */
    public static final int[] CONFIDENCES = {50, 85, 95};
    /** Guards against unbounded trials: a "when" trial stops after this many days (10 years). */
    public static final int MAX_DAYS = 3_650;
    /** Upper bounds that keep one call within a second or so. */
    public static final int MAX_RUNS = 100_000;
    public static final int MAX_HISTORY_DAYS = 3_650;

    private Forecaster() {
    }

    /**
     * "When will itemCount items be done" or "how many items by targetDate", as of now.
     *
     * @throws IllegalArgumentException naming the field, e.g. "forecast.itemCount must be &gt; 0"
     */
    public static Forecast forecast(ValueStream stream, List<WorkItemFacts> items, ForecastInput input,
            Instant now) {
        StatusIndex index = StatusIndex.of(stream);
        return forecast(FlowCalculator.timelines(index, items), input, now);
    }

    /**
     * As {@link #forecast(ValueStream, List, ForecastInput, Instant)}, from prebuilt timelines of the stream's
     * in-scope items.
     *
     * @throws IllegalArgumentException naming the field
     */
    public static Forecast forecast(List<Timeline> timelines, ForecastInput input, Instant now) {
        Instant asOf = now;
        validate(input, asOf);
        int historyDays = input.historyDays() == null ? DEFAULT_HISTORY_DAYS : input.historyDays();
        int runs = input.runs() == null ? DEFAULT_RUNS : input.runs();
        int[] samples = dailyThroughput(timelines, asOf, historyDays);
        if (Arrays.stream(samples).allMatch(v -> v == 0)) {
            return new Forecast(List.of(), "no item was finished in the " + historyDays
                    + " whole UTC days before " + asOf + ", so there is no throughput to forecast from");
        }
        SplittableRandom random = input.seed() == null ? new SplittableRandom() : new SplittableRandom(input.seed());
        List<ForecastPoint> points = new ArrayList<>(CONFIDENCES.length);
        if (input.itemCount() != null) {
            int k = input.itemCount();
            int[] days = new int[runs];
            for (int r = 0; r < runs; r++) {
                long sum = 0;
                int d = 0;
                while (sum < k && d < MAX_DAYS) {
                    sum += samples[random.nextInt(samples.length)];
                    d++;
                }
                days[r] = d;
            }
            Arrays.sort(days);
            for (int p : CONFIDENCES) {
                int value = days[DurationStats.rank(runs, p) - 1];
                if (value >= MAX_DAYS) {
                    return new Forecast(List.of(), "forecast.itemCount: " + k
                            + " items would take more than " + MAX_DAYS + " days at the recent throughput");
                }
                points.add(new ForecastPoint(p, value, asOf.plus(Duration.ofDays(value)), k));
            }
        } else {
            long wholeDays = Duration.between(asOf, input.targetDate()).toDays();
            int[] totals = new int[runs];
            for (int r = 0; r < runs; r++) {
                long sum = 0;
                for (long d = 0; d < wholeDays; d++) {
                    sum += samples[random.nextInt(samples.length)];
                }
                totals[r] = (int) Math.min(Integer.MAX_VALUE, sum);
            }
            Arrays.sort(totals);
            for (int p : CONFIDENCES) {
                // p % of trials reach or beat the value: the (100-p) nearest-rank from the top.
                int value = totals[runs - DurationStats.rank(runs, p)];
                points.add(new ForecastPoint(p, (int) wholeDays, input.targetDate(), value));
            }
        }
        return new Forecast(List.copyOf(points), null);
    }

    /**
     * Completed-item counts (velocity) of each of the {@code historyDays} whole UTC days before asOf, oldest
     * first. Day d counts the items whose flow end as of the day's end lies in the day.
     */
    static int[] dailyThroughput(ValueStream stream, List<WorkItemFacts> items, Instant asOf, int historyDays) {
        StatusIndex index = StatusIndex.of(stream);
        return dailyThroughput(FlowCalculator.timelines(index, items), asOf, historyDays);
    }

    static int[] dailyThroughput(List<Timeline> timelines, Instant asOf, int historyDays) {
        long lastEnd = Times.floorMicros(Times.floorDay(asOf));
        long firstStart = lastEnd - historyDays * Times.DAY_MICROS;
        int[] samples = new int[historyDays];
        for (Timeline tl : timelines) {
            int n = tl.segmentCount();
            for (int i = 0; i < n; i++) {
                boolean entersDone = tl.done(i) && (i == 0 || !tl.done(i - 1));
                if (!entersDone) {
                    continue;
                }
                long entry = tl.startMicros(i);
                if (entry < firstStart || entry >= lastEnd) {
                    continue;
                }
                int j = i;
                while (j + 1 < n && tl.done(j + 1)) {
                    j++;
                }
                long runEnd = tl.endMicros(j);
                long day = Times.floorDayMicros(entry);
                long dayEnd = day + Times.DAY_MICROS;
                // Still done at the day's end (strict rule: a change at exactly dayEnd is not yet applied).
                if (runEnd == Times.NONE || runEnd >= dayEnd) {
                    samples[(int) ((day - firstStart) / Times.DAY_MICROS)]++;
                }
            }
        }
        return samples;
    }

    private static void validate(ForecastInput input, Instant asOf) {
        if (input == null) {
            throw new IllegalArgumentException("forecast must be given");
        }
        if ((input.itemCount() == null) == (input.targetDate() == null)) {
            throw new IllegalArgumentException("forecast: give exactly one of itemCount and targetDate");
        }
        if (input.itemCount() != null && input.itemCount() <= 0) {
            throw new IllegalArgumentException("forecast.itemCount must be > 0");
        }
        if (input.targetDate() != null && !input.targetDate().isAfter(asOf)) {
            throw new IllegalArgumentException("forecast.targetDate must be after now (" + asOf + ")");
        }
        if (input.historyDays() != null && (input.historyDays() <= 0 || input.historyDays() > MAX_HISTORY_DAYS)) {
            throw new IllegalArgumentException("forecast.historyDays must be > 0 and <= " + MAX_HISTORY_DAYS);
        }
        if (input.runs() != null && (input.runs() <= 0 || input.runs() > MAX_RUNS)) {
            throw new IllegalArgumentException("forecast.runs must be > 0 and <= " + MAX_RUNS);
        }
        if (input.targetDate() != null
                && Duration.between(asOf, input.targetDate()).toDays() > MAX_DAYS) {
            throw new IllegalArgumentException("forecast.targetDate must be within " + MAX_DAYS + " days of now");
        }
    }
}
