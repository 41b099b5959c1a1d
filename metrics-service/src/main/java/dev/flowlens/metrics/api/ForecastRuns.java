package dev.flowlens.metrics.api;

import dev.flowlens.problem.BadInputException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps forecasts (Monte Carlo trials, seconds of CPU when asked for much) from working for nobody: a request's
 * forecasts stop when its caller is gone (the HTTP connection closed: the gateway's call timed out or was cancelled)
 * or when {@link ForecastConfig#maxDuration()} has passed. Counted on /q/metrics: {@code flowlens_forecasts_running}
 * (requests computing now) and {@code flowlens_forecasts_abandoned_total{reason="caller-gone"|"deadline"}}.
 */
@ApplicationScoped
public class ForecastRuns {

    private static final Logger LOG = Logger.getLogger(ForecastRuns.class);

    private final ForecastConfig config;
    private final LongSupplier nanoTime;
    private final AtomicInteger running = new AtomicInteger();
    private final Counter callerGone;
    private final Counter deadline;

    @Inject
    ForecastRuns(ForecastConfig config, MeterRegistry registry) {
        this(config, registry, System::nanoTime);
    }

    /** With a clock of its own: tests set the time instead of waiting for it. */
    ForecastRuns(ForecastConfig config, MeterRegistry registry, LongSupplier nanoTime) {
        this.config = config;
        this.nanoTime = nanoTime;
        Gauge.builder("flowlens.forecasts.running", running, AtomicInteger::get)
                .description("Forecast requests computing now").register(registry);
        this.callerGone = abandoned(registry, "caller-gone");
        this.deadline = abandoned(registry, "deadline");
    }

    private static Counter abandoned(MeterRegistry registry, String reason) {
        return Counter.builder("flowlens.forecasts.abandoned").tag("reason", reason)
                .description("Forecast requests stopped before their end: the caller was gone or the time was up")
                .register(registry);
    }

    /** A new request's run; its deadline starts now. */
    public Run start() {
        return new Run(nanoTime.getAsLong() + config.maxDuration().toNanos());
    }

    /** One request's forecasts: whether to stop, and the computation counted while it runs. */
    public final class Run {

        private final long deadlineNanos;
        private final AtomicBoolean gone = new AtomicBoolean();

        private Run(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        /** The caller will not read the answer (its request was cancelled or its connection closed). */
        public void callerGone() {
            gone.set(true);
        }

        /** Whether the forecasts should stop now (asked between trials). */
        public boolean stop() {
            return gone.get() || nanoTime.getAsLong() - deadlineNanos > 0;
        }

        /**
         * Runs the computation, counted as running. A computation stopped by {@link #stop()} ends as a
         * {@link CancellationException} when the caller is gone (nobody reads it), or as an
         * {@link BadInputException} (a 400 for the caller) when the time was up.
         */
        public <T> T compute(Supplier<T> computation) {
            running.incrementAndGet();
            try {
                return computation.get();
            } catch (CancellationException e) {
                if (gone.get()) {
                    callerGone.increment();
                    LOG.debugf("forecast abandoned, its caller is gone: %s", e.getMessage());
                    throw e;
                }
                deadline.increment();
                throw new BadInputException("forecast", "stopped after " + config.maxDuration().toSeconds()
                        + " s of computing; ask for fewer forecast.runs, a nearer forecast.targetDate or fewer value "
                        + "streams at once");
            } finally {
                running.decrementAndGet();
            }
        }
    }
}
