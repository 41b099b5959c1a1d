package dev.flowlens.metrics.calc.metric;

import static dev.flowlens.metrics.calc.Fixtures.DAY;
import static dev.flowlens.metrics.calc.Fixtures.HOUR;
import static dev.flowlens.metrics.calc.Fixtures.at;
import static dev.flowlens.metrics.calc.Fixtures.stream;
import static dev.flowlens.metrics.calc.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowlens.internalapi.metrics.DoraBand;
import dev.flowlens.internalapi.metrics.DoraMetric;
import dev.flowlens.internalapi.metrics.DoraMetrics;
import dev.flowlens.internalapi.metrics.DurationStats;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import dev.flowlens.metrics.calc.index.Durations;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Stream scoped to service payments-api and repository payments; window [03-01, 03-31) = 30 days, now 04-10.
 * d1 ok 03-02T10 [m1]; d2 FAILED 03-03T10 [m2]; d3 ok 03-04T10 [m2,m3]; d4 ok STAGING 03-01T12 [m4];
 * d5 ok 03-05T10 [m4]; d6 ok 03-06T10 [m1] (redeploy); d7 ok other service 03-07.
 */
public class DoraCalculatorTest {
    public static final ValueStream VS = scoped();
    public static final Window WINDOW = window("03-01", "03-31", Granularity.WEEK);
    public static final java.time.Instant NOW = at("04-10");

    static ValueStream scoped() {
        ValueStream s = stream();
        return new ValueStream(s.id(), s.name(), new Scope(List.of(), List.of(), List.of(), List.of("payments-api"),
                List.of("payments")), s.stages(), s.doneStatuses(), null, null);
    }

    static DeploymentFact dep(String id, String service, String env, boolean ok, String finished, String... shas) {
        return new DeploymentFact(id, service, env, ok, at(finished).minusSeconds(600), at(finished), List.of(shas));
    }

    static final List<DeploymentFact> DEPLOYMENTS = List.of(
            dep("d1", "payments-api", "Production", true, "03-02T10:00", "m1"),
            dep("d2", "payments-api", "production", false, "03-03T10:00", "m2"),
            dep("d3", "payments-api", "prod", true, "03-04T10:00", "M2", "m3"),
            dep("d4", "payments-api", "staging", true, "03-01T12:00", "m4"),
            dep("d5", "Payments-API ", "production", true, "03-05T10:00", "m4"),
            dep("d6", "payments-api", "production", true, "03-06T10:00", "m1"),
            dep("d7", "search", "production", true, "03-07T10:00", "m9"));

    static final List<ChangeFact> CHANGES = List.of(
            new ChangeFact("c1", "payments", at("03-01T09:00"), at("03-01T10:00"), at("03-02T09:00"), "m1"),
            new ChangeFact("c2", "payments", at("03-02T10:00"), null, at("03-03T09:00"), "m2"),
            new ChangeFact("c3", "payments", at("02-25T10:00"), at("02-25T10:00"), at("03-04T11:00"), "m3"),
            new ChangeFact("c4", "payments", at("03-01T00:00"), at("03-01T00:00"), at("03-01T11:00"), "m4"),
            new ChangeFact("c5", "other", at("03-01T00:00"), at("03-01T00:00"), at("03-01T11:00"), "m1"),
            new ChangeFact("c6", "payments", at("03-01T00:00"), null, null, null));

    static final List<IncidentFact> INCIDENTS = List.of(
            new IncidentFact("i1", "payments-api", at("03-04T12:00"), at("03-04T12:30"), "d3"),
            new IncidentFact("i2", "payments-api", at("03-10T00:00"), at("03-11T00:00"), null),
            new IncidentFact("i3", "payments-api", at("03-03T11:00"), at("03-03T13:00"), "d2"),
            new IncidentFact("i4", "search", at("03-07T11:00"), at("03-07T12:00"), "d7"),
            new IncidentFact("i5", "payments-api", at("03-30T00:00"), null, null));

    @Test
    @DisplayName("Deployment frequency: 4 successful prod deployments of payments-api in 30 days = 0.1333/day -> MEDIUM")
    void deploymentFrequency() {
        DoraMetrics m = DoraCalculator.dora(VS, CHANGES, DEPLOYMENTS, INCIDENTS, WINDOW, NOW);
        assertThat(m.deployments()).isEqualTo(4); // d1 d3 d5 d6; d2 failed, d4 staging, d7 other service
        assertThat(m.deploymentFrequency().value()).isCloseTo(4.0 / 30, within(1e-12));
        assertThat(m.deploymentFrequency().band()).isEqualTo(DoraBand.MEDIUM);
    }

    @Test
    @DisplayName("Lead time for changes: sha link to the EARLIEST successful prod deployment finished >= mergedAt")
    void leadTimeForChanges() {
        // c1 -> d1 (not the redeploy d6): 03-01T10 -> 03-02T10 = 24h. c2: failed d2 does not ship; d3: from
        // createdAt (no first commit) 03-02T10 -> 03-04T10 = 48h (sha matched case-insensitively). c3: d3 finished
        // before its merge, nothing later -> not shipped. c4: staging d4 ignored -> d5: 03-01T00 -> 03-05T10 = 106h.
        // c5: repository out of scope. c6: not merged.
        DoraMetrics m = DoraCalculator.dora(VS, CHANGES, DEPLOYMENTS, INCIDENTS, WINDOW, NOW);
        assertThat(m.leadTimeForChanges()).isEqualTo(new DurationStats(3, (24 + 48 + 106) * HOUR / 3, 48 * HOUR,
                106 * HOUR, 106 * HOUR));
        assertThat(m.leadTimeBand()).isEqualTo(DoraBand.HIGH); // p50 = 2 days: >= 1 day, < 7 days
    }

    @Test
    @DisplayName("Lead time counts in the window of the deployment: a change shipped before the window is not counted")
    void leadTimeWindowOfDeployment() {
        DoraMetrics m = DoraCalculator.dora(VS, CHANGES, DEPLOYMENTS, INCIDENTS, window("03-03", "03-31",
                Granularity.WEEK), NOW);
        // c1 shipped with d1 on 03-02 (before 03-03): out, even though d6 redeployed m1 inside the window.
        assertThat(m.leadTimeForChanges().count()).isEqualTo(2);
    }

    @Test
    @DisplayName("Change failure rate: d3 has an incident (d2 failed is not a deployment; i2 has no cause) = 1/4 -> LOW")
    void changeFailureRate() {
        DoraMetrics m = DoraCalculator.dora(VS, CHANGES, DEPLOYMENTS, INCIDENTS, WINDOW, NOW);
        assertThat(m.changeFailureRate()).isEqualTo(new DoraMetric(0.25, DoraBand.LOW));
        // An incident opened after asOf is not known yet: as of 03-04T11:00 (window cut by now) i1 is unknown.
        DoraMetrics early = DoraCalculator.dora(VS, CHANGES, DEPLOYMENTS, INCIDENTS, WINDOW, at("03-04T11:00"));
        assertThat(early.deployments()).isEqualTo(2); // d1, d3
        assertThat(early.changeFailureRate()).isEqualTo(new DoraMetric(0.0, DoraBand.ELITE));
    }

    @Test
    @DisplayName("Time to restore: i1 30min, i3 2h, i2 (no cause) 24h; other service and unresolved ignored; p50 2h -> HIGH")
    void timeToRestore() {
        DoraMetrics m = DoraCalculator.dora(VS, CHANGES, DEPLOYMENTS, INCIDENTS, WINDOW, NOW);
        assertThat(m.timeToRestore()).isEqualTo(new DurationStats(3, (1800 + 7200 + 86400) / 3.0, 7200.0, 86400.0,
                86400.0));
        assertThat(m.timeToRestoreBand()).isEqualTo(DoraBand.HIGH);
    }

    @Test
    @DisplayName("No deployments: frequency 0 (LOW), change failure rate null with null band, stats empty, bands null")
    void nothing() {
        DoraMetrics m = DoraCalculator.dora(VS, List.of(), List.of(), List.of(), WINDOW, NOW);
        assertThat(m).isEqualTo(new DoraMetrics(0, new DoraMetric(0.0, DoraBand.LOW), Durations.EMPTY, null,
                new DoraMetric(null, null), Durations.EMPTY, null));
    }

    @Test
    @DisplayName("Non-production environments are ignored; productionEnvironments default [production, prod]")
    void nonProductionIgnored() {
        List<DeploymentFact> staging = List.of(dep("s1", "payments-api", "staging", true, "03-02T10:00", "m1"),
                dep("s2", "payments-api", "production-eu", true, "03-02T10:00", "m1"));
        assertThat(DoraCalculator.dora(VS, CHANGES, staging, List.of(), WINDOW, NOW).deployments()).isZero();
        ValueStream eu = new ValueStream("x", "x", VS.scope(), VS.stages(), VS.doneStatuses(),
                List.of("production-eu"), null);
        assertThat(DoraCalculator.dora(eu, CHANGES, staging, List.of(), WINDOW, NOW).deployments()).isEqualTo(1);
    }

    @Test
    @DisplayName("Deployment frequency bands: elite >= 1/day, high >= 1/7, medium >= 1/30, else low (band edges)")
    void frequencyBands() {
        assertThat(DoraCalculator.frequencyBand(1.0)).isEqualTo(DoraBand.ELITE);
        assertThat(DoraCalculator.frequencyBand(0.999)).isEqualTo(DoraBand.HIGH);
        assertThat(DoraCalculator.frequencyBand(1.0 / 7)).isEqualTo(DoraBand.HIGH);
        assertThat(DoraCalculator.frequencyBand(1.0 / 7 - 1e-9)).isEqualTo(DoraBand.MEDIUM);
        assertThat(DoraCalculator.frequencyBand(1.0 / 30)).isEqualTo(DoraBand.MEDIUM);
        assertThat(DoraCalculator.frequencyBand(1.0 / 31)).isEqualTo(DoraBand.LOW);
        // 30 deployments in 30 days via the calculator: ELITE.
        List<DeploymentFact> daily = new java.util.ArrayList<>();
        for (int d = 1; d <= 30; d++) {
            daily.add(dep("x" + d, "payments-api", "prod", true, String.format("03-%02dT12:00", d), "s" + d));
        }
        assertThat(DoraCalculator.dora(VS, List.of(), daily, List.of(), WINDOW, NOW).deploymentFrequency())
                .isEqualTo(new DoraMetric(1.0, DoraBand.ELITE));
    }

    @Test
    @DisplayName("Lead time, CFR and restore bands at their edges")
    void otherBands() {
        assertThat(DoraCalculator.leadTimeBand(DAY - 1)).isEqualTo(DoraBand.ELITE);
        assertThat(DoraCalculator.leadTimeBand(DAY)).isEqualTo(DoraBand.HIGH);
        assertThat(DoraCalculator.leadTimeBand(7 * DAY)).isEqualTo(DoraBand.MEDIUM);
        assertThat(DoraCalculator.leadTimeBand(30 * DAY)).isEqualTo(DoraBand.LOW);
        assertThat(DoraCalculator.failureBand(0.05)).isEqualTo(DoraBand.ELITE);
        assertThat(DoraCalculator.failureBand(0.10)).isEqualTo(DoraBand.HIGH);
        assertThat(DoraCalculator.failureBand(0.15)).isEqualTo(DoraBand.MEDIUM);
        assertThat(DoraCalculator.failureBand(0.1501)).isEqualTo(DoraBand.LOW);
        assertThat(DoraCalculator.timeToRestoreBand(HOUR - 1)).isEqualTo(DoraBand.ELITE);
        assertThat(DoraCalculator.timeToRestoreBand(HOUR)).isEqualTo(DoraBand.HIGH);
        assertThat(DoraCalculator.timeToRestoreBand(DAY)).isEqualTo(DoraBand.MEDIUM);
        assertThat(DoraCalculator.timeToRestoreBand(7 * DAY)).isEqualTo(DoraBand.LOW);
    }
}
