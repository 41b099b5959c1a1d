package dev.flowlens.metrics.change;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.internalapi.metrics.Alert;
import dev.flowlens.internalapi.metrics.AlertKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AlertChangesTest {
    static final Instant T1 = Instant.parse("2026-03-02T00:00:00Z");
    static final Instant T2 = Instant.parse("2026-03-03T00:00:00Z");
    static final Instant T3 = Instant.parse("2026-03-04T00:00:00Z");

    static Alert alert(String item, Instant since, Instant until) {
        return new Alert("vs:SLE_BREACH:" + item + ":" + since.getEpochSecond(), "vs", AlertKind.SLE_BREACH, null, item,
                since, until);
    }

    @Test
    @DisplayName("The first look is the baseline; then a new id is raised, an open one that gets an until is ended, "
            + "one raised and ended between two looks is announced once, ended; unchanged ones are no news")
    void news() {
        AlertChanges changes = new AlertChanges();
        Alert a = alert("a", T1, null);
        Alert old = alert("old", T1, T2);
        assertThat(changes.since(List.of(old, a), AlertChanges.Look.BASELINE)).isEmpty();
        Alert b = alert("b", T2, null);
        assertThat(changes.since(List.of(old, a, b), AlertChanges.Look.NEW_FACTS)).containsExactly(b);
        Alert aEnded = alert("a", T1, T3);
        Alert c = alert("c", T2, T3);
        assertThat(changes.since(List.of(old, aEnded, b, c), AlertChanges.Look.NEW_FACTS)).containsExactly(aEnded, c);
        assertThat(changes.since(List.of(old, aEnded, b, c), AlertChanges.Look.NEW_FACTS)).isEmpty();
        // taken back by late facts: dropped silently; an id seen again later is raised again
        assertThat(changes.since(List.of(old, aEnded, c), AlertChanges.Look.NEW_FACTS)).isEmpty();
        assertThat(changes.since(List.of(old, aEnded, b, c), AlertChanges.Look.NEW_FACTS)).containsExactly(b);
    }

    @Test
    @DisplayName("A stream seen first after start-up, or redefined: its open alerts are news, its ended past is not; "
            + "a known-open one that ended is")
    void newDefinition() {
        AlertChanges fresh = new AlertChanges();
        Alert open = alert("a", T1, null);
        Alert past = alert("p", T1, T2);
        assertThat(fresh.since(List.of(past, open), AlertChanges.Look.NEW_DEFINITION)).containsExactly(open);
        Alert ended = alert("a", T1, T3);
        Alert otherPast = alert("q", T2, T3);
        Alert otherOpen = alert("r", T2, null);
        assertThat(fresh.since(List.of(past, ended, otherPast, otherOpen), AlertChanges.Look.NEW_DEFINITION))
                .containsExactly(ended, otherOpen);
    }

    @Test
    @DisplayName("The next change by the clock is the earliest since or until at or after now")
    void nextChange() {
        List<Alert> all = List.of(alert("a", T1, T3), alert("b", T2, null));
        assertThat(AlertChanges.nextChange(all, T1.plusSeconds(1))).isEqualTo(T2);
        assertThat(AlertChanges.nextChange(all, T2)).isEqualTo(T2);
        assertThat(AlertChanges.nextChange(all, T2.plusSeconds(1))).isEqualTo(T3);
        assertThat(AlertChanges.nextChange(all, T3.plusSeconds(1))).isNull();
    }
}
