package dev.flowlens.metrics.calc.metric;

import dev.flowlens.internalapi.metrics.Forecast;
import dev.flowlens.internalapi.metrics.ForecastInput;
import dev.flowlens.internalapi.metrics.ForecastPoint;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.index.Durations;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/** Monte Carlo forecast from daily throughput (METRICS.md "Forecast"). Pure apart from an unseeded random. */
public final class Forecaster {
    /** Default number of whole days of history. */
    public static final int DEFAULT_HISTORY_DAYS = 90;
    /** Default number of trials. */
    public static final int DEFAULT_RUNS = 10_000;
    /** Confidence levels reported, in order. */
    public static final int[] CONFIDENCES = {50, 85, 95};
    /**
     * Guards against unbounded trials: the longest horizon (10 years). A "when" trial stops after the horizon's days,
     * a targetDate lies within it. A caller may ask for a shorter horizon (the gateway does, for viewers).
     */
    public static final int MAX_DAYS = 3_650;
    /** Upper bounds on one forecast; the gateway bounds runs x horizon days further. */
    public static final int MAX_RUNS = 100_000;
    public static final int MAX_HISTORY_DAYS = 3_650;
    /** Trials between two looks at whether to stop: a few milliseconds of work at the longest horizon. */
    static final int TRIALS_PER_CHECK = 256;

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
        return forecast(timelines, input, now, MAX_DAYS, () -> false);
    }

    /**
     * As {@link #forecast(List, ForecastInput, Instant)}, with at most {@code horizonDays} of horizon (1 to
     * {@link #MAX_DAYS}), asking {@code stop} every {@value #TRIALS_PER_CHECK} trials whether to give up: when the
     * caller is gone or its time is up, nobody should pay for the remaining trials.
     *
     * @throws IllegalArgumentException naming the field
     * @throws CancellationException when {@code stop} answered true; no result
     */
    public static Forecast forecast(List<Timeline> timelines, ForecastInput input, Instant now, int horizonDays,
            BooleanSupplier stop) {
        Instant asOf = now;
        validate(input, asOf, horizonDays);
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
                checkStop(r, stop);
                long sum = 0;
                int d = 0;
                while (sum < k && d < horizonDays) {
                    sum += samples[random.nextInt(samples.length)];
                    d++;
                }
                days[r] = d;
            }
            Arrays.sort(days);
            for (int p : CONFIDENCES) {
                int value = days[Durations.rank(runs, p) - 1];
                if (value >= horizonDays) {
                    return new Forecast(List.of(), "forecast.itemCount: " + k
                            + " items would take more than " + horizonDays + " days at the recent throughput");
                }
                points.add(new ForecastPoint(p, value, asOf.plus(Duration.ofDays(value)), k));
            }
        } else {
            long wholeDays = Duration.between(asOf, input.targetDate()).toDays();
            int[] totals = new int[runs];
            for (int r = 0; r < runs; r++) {
                checkStop(r, stop);
                long sum = 0;
                for (long d = 0; d < wholeDays; d++) {
                    sum += samples[random.nextInt(samples.length)];
                }
                totals[r] = (int) Math.min(Integer.MAX_VALUE, sum);
            }
            Arrays.sort(totals);
            for (int p : CONFIDENCES) {
                // p % of trials reach or beat the value: the (100-p) nearest-rank from the top.
                int value = totals[runs - Durations.rank(runs, p)];
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

    private static void checkStop(int trial, BooleanSupplier stop) {
        if (trial % TRIALS_PER_CHECK == 0 && stop.getAsBoolean()) {
            throw new CancellationException("forecast stopped after " + trial + " trials");
        }
    }

    /**
     * The checks of {@link #forecast(List, ForecastInput, Instant, int, BooleanSupplier)}, on their own: the API
     * runs them before it starts computing, so what they refuse is the caller's input and nothing else is.
     *
     * @throws IllegalArgumentException naming the field
     */
    public static void validate(ForecastInput input, Instant asOf, int horizonDays) {
        if (horizonDays < 1 || horizonDays > MAX_DAYS) {
            throw new IllegalArgumentException("horizonDays must be between 1 and " + MAX_DAYS + " (was "
                    + horizonDays + ")");
        }
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
                && Duration.between(asOf, input.targetDate()).toDays() > horizonDays) {
            throw new IllegalArgumentException("forecast.targetDate must be within " + horizonDays + " days of now");
        }
    }
}
