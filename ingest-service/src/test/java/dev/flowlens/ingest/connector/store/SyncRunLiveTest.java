package dev.flowlens.ingest.connector.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The estimate of a phase's end (docs/connectors.md "Progress"): at the pace so far, only where the tool gave a total. */
class SyncRunLiveTest {

    static final Instant T = Instant.parse("2026-03-01T08:00:00Z");

    static SyncRun.Live live(int items, Integer total, Instant started, Instant now) {
        return new SyncRun.Live("issues:acme/payments", "GET /x", items, total, started, 3, 0, null, null, now);
    }

    @Test
    void aQuarterDoneInTenMinutesEndsThirtyMinutesLater() {
        // 25 of 100 objects in 10 minutes: 75 left at 2.5 per minute is 30 minutes more
        assertThat(live(25, 100, T, T.plusSeconds(600)).phaseEstimatedEnd()).contains(T.plusSeconds(600 + 1800));
    }

    @Test
    void allDoneEndsNow() {
        assertThat(live(100, 100, T, T.plusSeconds(60)).phaseEstimatedEnd()).contains(T.plusSeconds(60));
    }

    @Test
    void noEstimateWithoutATotalOrBeforeTheFirstObjects() {
        assertThat(live(25, null, T, T.plusSeconds(600)).phaseEstimatedEnd()).isEmpty();
        assertThat(live(0, 100, T, T.plusSeconds(600)).phaseEstimatedEnd()).isEmpty();
        assertThat(SyncRun.Live.NONE.phaseEstimatedEnd()).isEmpty();
    }
}
