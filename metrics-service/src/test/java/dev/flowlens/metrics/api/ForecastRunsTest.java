package dev.flowlens.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowlens.problem.BadInputException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, finding 6b: what a forecast request's run does when it must stop. The clock is a number the test sets,
 * so no test waits.
 */
class ForecastRunsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private long now = 0;
    private final ForecastRuns runs = new ForecastRuns(() -> Duration.ofSeconds(10), registry, () -> now);

    /** A computation that, like the Forecaster, asks the run whether to stop and gives up when told. */
    private static String trials(ForecastRuns.Run run) {
        if (run.stop()) {
            throw new CancellationException("forecast stopped after 0 trials");
        }
        return "done";
    }

    private double abandoned(String reason) {
        return registry.get("flowlens.forecasts.abandoned").tag("reason", reason).counter().count();
    }

    @Test
    void aRunWithinItsTimeAndWithItsCallerCompletes() {
        ForecastRuns.Run run = runs.start();
        now += Duration.ofSeconds(9).toNanos();

        assertThat(run.compute(() -> trials(run))).isEqualTo("done");
        assertThat(abandoned("caller-gone") + abandoned("deadline")).isZero();
    }

    @Test
    void aRunWhoseCallerIsGoneStopsAndIsCounted() {
        ForecastRuns.Run run = runs.start();
        run.callerGone();

        assertThatThrownBy(() -> run.compute(() -> trials(run))).isInstanceOf(CancellationException.class);
        assertThat(abandoned("caller-gone")).isEqualTo(1);
        assertThat(registry.get("flowlens.forecasts.running").gauge().value()).isZero();
    }

    @Test
    void aRunPastItsDeadlineStopsWithAnErrorSayingWhatToAskFor() {
        ForecastRuns.Run run = runs.start();
        now += Duration.ofSeconds(11).toNanos();

        assertThatThrownBy(() -> run.compute(() -> trials(run))).isInstanceOf(BadInputException.class)
                .hasMessage("forecast: stopped after 10 s of computing; ask for fewer forecast.runs, a nearer "
                        + "forecast.targetDate or fewer value streams at once");
        assertThat(abandoned("deadline")).isEqualTo(1);
    }
}
