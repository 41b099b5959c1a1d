package dev.flowlens.metrics.calc.metric;

import static dev.flowlens.metrics.calc.Fixtures.DAY;
import static dev.flowlens.metrics.calc.Fixtures.at;
import static dev.flowlens.metrics.calc.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.internalapi.metrics.AttributedIncident;
import dev.flowlens.internalapi.metrics.AttributionRule;
import dev.flowlens.internalapi.metrics.DeploymentView;
import dev.flowlens.internalapi.metrics.DoraBand;
import dev.flowlens.internalapi.metrics.DoraMetrics;
import dev.flowlens.internalapi.metrics.DurationStats;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.IncidentAttribution;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Fixtures;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * METRICS.md "DORA v2", each scenario hand-computed. The standard stream (every service; production environments
 * "production" and "prod"); window [03-01, 03-31) unless a test says otherwise; now 04-10, so asOf = the window's end.
 */
class DoraV2CalculatorTest {
    static final Window MARCH = window("03-01", "03-31", Granularity.WEEK);
    static final Instant NOW = at("04-10");

    static ValueStream stream(int windowHours) {
        ValueStream s = Fixtures.stream();
        return new ValueStream(s.id(), s.name(), s.scope(), s.stages(), s.doneStatuses(), s.productionEnvironments(),
                s.visibleToGroups(), new IncidentAttribution(windowHours));
    }

    static DeploymentFact dep(String id, String service, String finished) {
        return dep(id, service, "production", finished, null, false);
    }

    static DeploymentFact dep(String id, String service, String env, String finished, String rollbackOf,
            boolean hotfix) {
        return new DeploymentFact(id, service, env, true, at(finished).minusSeconds(60), at(finished), List.of(),
                rollbackOf, hotfix);
    }

    static IncidentFact inc(String id, String service, String opened, String resolved, String causedBy) {
        return new IncidentFact(id, service, at(opened), resolved == null ? null : at(resolved), causedBy);
    }

    static DoraMetrics dora(int windowHours, List<DeploymentFact> ds, List<IncidentFact> is, Window w) {
        return DoraCalculator.dora(stream(windowHours), List.of(), ds, is, w, NOW);
    }

    static List<DeploymentView> list(int windowHours, List<DeploymentFact> ds, List<IncidentFact> is, Window w) {
        return DoraCalculator.deploymentsList(stream(windowHours), List.of(), ds, is, w, NOW);
    }

    static DeploymentView view(List<DeploymentView> views, String id) {
        return views.stream().filter(v -> v.deploymentId().equals(id)).findFirst().orElseThrow();
    }

    static AttributedIncident explicit(String id) {
        return new AttributedIncident(id, AttributionRule.EXPLICIT);
    }

    static AttributedIncident byWindow(String id) {
        return new AttributedIncident(id, AttributionRule.WINDOW);
    }

    // pay: d1 03-02T10:00, d2 and d3 both 03-02T12:00; search: d4 03-02T13:00; ops: d5 03-06T00:00
    static final List<DeploymentFact> ATTRIBUTION_DEPLOYMENTS = List.of(
            dep("d1", "pay", "03-02T10:00"), dep("d3", "pay", "03-02T12:00"), dep("d2", "pay", "03-02T12:00"),
            dep("d4", "search", "03-02T13:00"), dep("d5", "ops", "03-06T00:00"));
    static final List<IncidentFact> ATTRIBUTION_INCIDENTS = List.of(
            inc("i1", "pay", "03-02T14:00", "03-02T15:00", null), // latest before: d2 and d3 tie -> greatest id d3
            inc("i2", "pay", "03-02T12:00", "03-02T12:30", null), // [openedAt - 24h, openedAt) excludes 12:00 -> d1
            inc("i3", "pay", "03-05T00:00", "03-05T01:00", "d2"), // explicit, never by window (would be d3)
            inc("i4", "pay", "03-04T12:01", "03-04T13:00", null), // 24h back is 03-03T12:01: nothing -> none
            inc("i6", "ops", "03-07T00:00", "03-07T02:00", null), // exactly 24h after d5: the bound is inside
            inc("i7", "ops", "03-07T00:01", "03-07T01:00", null), // 24h01m after d5: outside
            inc("i8", "pay", "03-02T13:00", "03-02T13:30", "elsewhere"), // names no stream deployment: by it alone
            inc("i9", "search", "03-09T00:00", "03-09T01:00", "d1")); // explicit whatever its service

    @Test
    @DisplayName("Attribution: EXPLICIT by causedByDeploymentId alone; WINDOW to the service's latest deployment in "
            + "[openedAt - windowHours, openedAt), ties to the greatest id; incidents by id")
    void attributionExplicitAndWindowWithTies() {
        List<DeploymentView> views = list(24, ATTRIBUTION_DEPLOYMENTS, ATTRIBUTION_INCIDENTS, MARCH);
        assertThat(views).extracting(DeploymentView::deploymentId).containsExactly("d1", "d2", "d3", "d4", "d5");
        assertThat(view(views, "d1").incidents()).containsExactly(byWindow("i2"), explicit("i9"));
        assertThat(view(views, "d2").incidents()).containsExactly(explicit("i3"));
        assertThat(view(views, "d3").incidents()).containsExactly(byWindow("i1"));
        assertThat(view(views, "d4").incidents()).isEmpty();
        assertThat(view(views, "d5").incidents()).containsExactly(byWindow("i6"));
        assertThat(views).extracting(DeploymentView::failed).containsExactly(true, true, true, false, true);
        // 4 of 5 failed
        assertThat(dora(24, ATTRIBUTION_DEPLOYMENTS, ATTRIBUTION_INCIDENTS, MARCH).changeFailureRate().value())
                .isEqualTo(0.8);
    }

    @Test
    @DisplayName("windowHours 0: only EXPLICIT attribution, the v1 change failure rate")
    void windowZeroIsExplicitOnly() {
        List<DeploymentView> views = list(0, ATTRIBUTION_DEPLOYMENTS, ATTRIBUTION_INCIDENTS, MARCH);
        assertThat(view(views, "d1").incidents()).containsExactly(explicit("i9"));
        assertThat(view(views, "d2").incidents()).containsExactly(explicit("i3"));
        assertThat(view(views, "d3").incidents()).isEmpty();
        assertThat(view(views, "d5").incidents()).isEmpty();
        assertThat(views).extracting(DeploymentView::failed).containsExactly(true, true, false, false, false);
        assertThat(dora(0, ATTRIBUTION_DEPLOYMENTS, ATTRIBUTION_INCIDENTS, MARCH).changeFailureRate().value())
                .isEqualTo(0.4);
    }

    // pay production: a 00:00, b 02:00, c 02:00 (tie with b), d 05:00 on 03-10; pay staging 01:00; search 01:30
    static final List<DeploymentFact> RECOVERY_DEPLOYMENTS = List.of(
            dep("a", "pay", "03-10T00:00"), dep("b", "pay", "03-10T02:00"), dep("c", "pay", "03-10T02:00"),
            dep("d", "pay", "03-10T05:00"), dep("st", "pay", "staging", "03-10T01:00", null, false),
            dep("s", "search", "03-10T01:30"));
    static final List<IncidentFact> RECOVERY_INCIDENTS = List.of(
            inc("ia", "pay", "03-10T01:00", "03-10T03:00", "a"),
            inc("ib", "pay", "03-10T06:00", "03-10T07:00", "b"));

    @Test
    @DisplayName("Recovery skips a later deployment that itself failed; 'later' is a strictly later finish, ties by id")
    void recoveryThroughALaterFailedDeployment() {
        DoraMetrics m = dora(0, RECOVERY_DEPLOYMENTS, RECOVERY_INCIDENTS, MARCH);
        // a: b (failed) is skipped, c (same instant as b, greater id, not failed) recovers it: 2 h.
        // b: c finished at the same instant, so it is not later; d: 3 h.
        assertThat(m.failedDeploymentRecoveryTime()).isEqualTo(new DurationStats(2, 9000.0, 7200.0, 10800.0, 10800.0));
        assertThat(m.failedDeploymentRecoveryBand()).isEqualTo(DoraBand.HIGH);
        assertThat(m.unrecoveredDeployments()).isZero();
        // a, b, c, d, s in production: 2 failed
        assertThat(m.deployments()).isEqualTo(5);
        assertThat(m.changeFailureRate().value()).isEqualTo(0.4);
        // ia (pay) open 01:00-03:00: b and c finished during it; s is search, d after it
        assertThat(m.reworkRate()).isEqualTo(0.4);
        List<DeploymentView> views = list(0, RECOVERY_DEPLOYMENTS, RECOVERY_INCIDENTS, MARCH);
        assertThat(views).extracting(DeploymentView::deploymentId).containsExactly("a", "s", "b", "c", "d");
        assertThat(views).extracting(DeploymentView::recoverySeconds).containsExactly(7200.0, null, 10800.0, null, null);
        assertThat(views).extracting(DeploymentView::rework).containsExactly(false, false, true, true, false);
    }

    // pay: x 00:00, y 01:00 rolls back x, z 02:00 rolls back y, w 03:00 hotfix, v 04:00 "rolls back" a staging one
    static final List<DeploymentFact> ROLLBACKS = List.of(
            dep("x", "pay", "production", "03-05T00:00", null, false),
            dep("y", "pay", "production", "03-05T01:00", "x", false),
            dep("z", "pay", "production", "03-05T02:00", "y", false),
            dep("w", "pay", "production", "03-05T03:00", null, true),
            dep("st", "pay", "staging", "03-05T00:30", null, false),
            dep("v", "pay", "production", "03-05T04:00", "st", false));

    @Test
    @DisplayName("A rollback of a rollback: x and y fail, z recovers both; rollbacks and hotfixes are rework")
    void rollbackOfARollback() {
        DoraMetrics m = dora(0, ROLLBACKS, List.of(), MARCH);
        assertThat(m.deployments()).isEqualTo(5);
        assertThat(m.changeFailureRate().value()).isEqualTo(0.4); // x, y (st is no stream deployment: not failed)
        assertThat(m.failedDeploymentRecoveryTime()).isEqualTo(new DurationStats(2, 5400.0, 3600.0, 7200.0, 7200.0));
        assertThat(m.failedDeploymentRecoveryBand()).isEqualTo(DoraBand.HIGH); // p50 3600 is not < 1 hour
        assertThat(m.reworkRate()).isEqualTo(0.8); // y, z, v (rollbackOf), w (hotfix)
        List<DeploymentView> views = list(0, ROLLBACKS, List.of(), MARCH);
        assertThat(views).extracting(DeploymentView::deploymentId).containsExactly("x", "y", "z", "w", "v");
        assertThat(views).extracting(DeploymentView::failed).containsExactly(true, true, false, false, false);
        assertThat(views).extracting(DeploymentView::rollbackOf).containsExactly(null, "x", "y", null, "st");
        assertThat(views).extracting(DeploymentView::recoverySeconds).containsExactly(7200.0, 3600.0, null, null, null);
    }

    // pay: f 03-18, e 03-19, g and r (rolls back e) at 03-20T00:00; ops: h 03-18, k 03-20T00:00
    static final List<DeploymentFact> AT_AS_OF = List.of(
            dep("f", "pay", "production", "03-18T00:00", null, false),
            dep("e", "pay", "production", "03-19T00:00", null, false),
            dep("g", "pay", "production", "03-20T00:00", null, false),
            dep("r", "pay", "production", "03-20T00:00", "e", false),
            dep("h", "ops", "production", "03-18T00:00", null, false),
            dep("k", "ops", "production", "03-20T00:00", null, false));
    static final List<IncidentFact> AT_AS_OF_INCIDENTS = List.of(
            inc("ie", "pay", "03-20T00:00", null, "e"),
            inc("ih", "ops", "03-18T01:00", "03-18T02:00", "h"));

    @Test
    @DisplayName("Instants at asOf are not known: an incident opened, a rollback or a recovery finished at asOf")
    void instantsAtAsOf() {
        Window toThe20th = window("03-01", "03-20", Granularity.WEEK);
        List<DeploymentView> views = list(0, AT_AS_OF, AT_AS_OF_INCIDENTS, toThe20th);
        assertThat(views).extracting(DeploymentView::deploymentId).containsExactly("f", "h", "e");
        assertThat(views).extracting(DeploymentView::failed).containsExactly(false, true, false);
        assertThat(view(views, "e").incidents()).isEmpty();
        assertThat(view(views, "h").recoverySeconds()).isNull(); // k finished at asOf
        DoraMetrics m = dora(0, AT_AS_OF, AT_AS_OF_INCIDENTS, toThe20th);
        assertThat(m.unrecoveredDeployments()).isEqualTo(1);
        assertThat(m.failedDeploymentRecoveryTime().count()).isZero();
        assertThat(m.failedDeploymentRecoveryBand()).isNull();
        // ie is open from 03-20T00:00 on: g, r, k are not in this window; nothing is rework
        assertThat(m.reworkRate()).isEqualTo(0.0);

        // a day later: ie and r are known; e recovers with g (ties with r, smaller id), h with k
        Window toThe21st = window("03-01", "03-21", Granularity.WEEK);
        views = list(0, AT_AS_OF, AT_AS_OF_INCIDENTS, toThe21st);
        assertThat(views).extracting(DeploymentView::deploymentId).containsExactly("f", "h", "e", "g", "k", "r");
        assertThat(views).extracting(DeploymentView::failed).containsExactly(false, true, true, false, false, false);
        assertThat(view(views, "e").incidents()).containsExactly(explicit("ie"));
        assertThat(view(views, "e").recoverySeconds()).isEqualTo(DAY);
        assertThat(view(views, "h").recoverySeconds()).isEqualTo(2 * DAY);
        m = dora(0, AT_AS_OF, AT_AS_OF_INCIDENTS, toThe21st);
        assertThat(m.unrecoveredDeployments()).isZero();
        assertThat(m.failedDeploymentRecoveryTime()).isEqualTo(new DurationStats(2, 1.5 * DAY, DAY, 2 * DAY, 2 * DAY));
        assertThat(m.failedDeploymentRecoveryBand()).isEqualTo(DoraBand.MEDIUM);
        // g and r finished at ie's openedAt (openedAt <= finishedAt): rework; r also rolls back
        assertThat(views).extracting(DeploymentView::rework).containsExactly(false, false, false, true, false, true);
        assertThat(m.reworkRate()).isEqualTo(2.0 / 6);
    }

    @Test
    @DisplayName("Rework during an open incident: openedAt <= finishedAt < resolvedAt, or unresolved; same service only")
    void incidentsOpenDuringADeployment() {
        List<DeploymentFact> ds = List.of(dep("a1", "api", "03-12T10:00"), dep("a2", "api", "03-12T12:00"),
                dep("a3", "api", "03-13T00:00"), dep("o1", "other", "03-12T12:00"));
        List<IncidentFact> is = List.of(
                inc("n1", "api", "03-12T08:00", "03-12T10:00", null), // resolved exactly at a1's finish
                inc("n2", " API", "03-12T11:00", null, null)); // unresolved; service names match trimmed, any case
        List<DeploymentView> views = list(0, ds, is, MARCH);
        assertThat(views).extracting(DeploymentView::deploymentId).containsExactly("a1", "a2", "o1", "a3");
        assertThat(views).extracting(DeploymentView::rework).containsExactly(false, true, false, true);
        assertThat(dora(0, ds, is, MARCH).reworkRate()).isEqualTo(0.5);
        // resolved after asOf still counts as open at the deployments before it
        List<IncidentFact> late = List.of(inc("n3", "api", "03-12T11:00", "04-05T00:00", null));
        assertThat(list(0, ds, late, MARCH)).extracting(DeploymentView::rework)
                .containsExactly(false, true, false, true);
    }

    @Test
    @DisplayName("No deployments: rates null, no recovery, nothing unrecovered")
    void empty() {
        DoraMetrics m = dora(24, List.of(), List.of(inc("i", "pay", "03-02T00:00", null, null)), MARCH);
        assertThat(m.changeFailureRate().value()).isNull();
        assertThat(m.reworkRate()).isNull();
        assertThat(m.failedDeploymentRecoveryTime().count()).isZero();
        assertThat(m.failedDeploymentRecoveryBand()).isNull();
        assertThat(m.unrecoveredDeployments()).isZero();
        assertThat(list(24, List.of(), List.of(), MARCH)).isEmpty();
    }

    @Test
    @DisplayName("Recovery band from p50: elite < 1 h")
    void eliteRecovery() {
        List<DeploymentFact> ds = List.of(dep("p", "pay", "03-03T00:00"), dep("q", "pay", "03-03T00:59"));
        DoraMetrics m = dora(1, ds, List.of(inc("i", "pay", "03-03T00:30", "03-03T00:40", null)), MARCH);
        assertThat(m.failedDeploymentRecoveryTime().p50()).isEqualTo(59 * 60.0);
        assertThat(m.failedDeploymentRecoveryBand()).isEqualTo(DoraBand.ELITE);
    }
}
