package dev.flowlens.metrics.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.metrics.notify.Retries.Verdict;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetriesTest {

    @Test
    void theWaitStartsAtTheInitialDelayDoublesAndStopsAtTheMaximum() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofMinutes(10);
        assertThat(IntStream.rangeClosed(1, 13).mapToObj(n -> Retries.backoff(n, initial, max).toSeconds()))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 600L, 600L, 600L);
        // days of failures: still the maximum, no overflow
        assertThat(Retries.backoff(1_000_000, initial, max)).isEqualTo(max);
        assertThat(Retries.backoff(0, initial, max)).isEqualTo(Duration.ZERO);
        assertThat(Retries.backoff(3, Duration.ofMillis(100), Duration.ofMillis(250))).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void twoHundredsAreDeliveredBodyRefusalsGivenUpAndEverythingElseRetried() {
        assertThat(Retries.verdict(200)).isEqualTo(Verdict.DELIVERED);
        assertThat(Retries.verdict(204)).isEqualTo(Verdict.DELIVERED);
        for (int status : new int[] {400, 413, 415, 422}) {
            assertThat(Retries.verdict(status)).as("%d", status).isEqualTo(Verdict.REJECTED);
        }
        for (int status : new int[] {500, 502, 503, 504, 408, 429, 401, 403, 404, 410, 301, 302, 100}) {
            assertThat(Retries.verdict(status)).as("%d", status).isEqualTo(Verdict.RETRY);
        }
    }
}
