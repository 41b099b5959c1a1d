package dev.flowlens.metrics.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.DurationStats;
import dev.flowlens.internalapi.metrics.IncidentAttribution;
import dev.flowlens.internalapi.metrics.IncidentAttributionInput;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.Sle;
import dev.flowlens.internalapi.metrics.SleInput;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageInput;
import dev.flowlens.internalapi.metrics.StageKind;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.internalapi.metrics.ValueStreamInput;
import dev.flowlens.metrics.calc.index.Durations;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ValueStreamTest {
    @Test
    @DisplayName("A valid stream has no errors (METRICS.md Value stream)")
    void valid() {
        assertThat(ValueStreams.validate(Fixtures.stream())).isEmpty();
    }

    @Test
    @DisplayName("A status may belong to one stage at most: case-insensitive after trim; also not both stage and done")
    void statusInTwoStages() {
        ValueStream vs = new ValueStream(null, "X", null,
                List.of(new Stage("Build", List.of("In Progress"), StageKind.ACTIVE),
                        new Stage("Review", List.of(" in progress "), StageKind.WAITING)),
                List.of("DONE", "in progress"), null, null);
        assertThat(ValueStreams.validate(vs)).containsExactly(
                "stages[1].statuses[0]: ' in progress ' already belongs to stages[0] 'Build'",
                "doneStatuses[1]: 'in progress' is also a status of stages[0] 'Build'");
    }

    @Test
    @DisplayName("Empty name, no stages, no done statuses")
    void emptyParts() {
        assertThat(ValueStreams.validate(new ValueStream(null, " ", null, List.of(), List.of(), null, null))).containsExactly(
                "name must not be empty", "stages must not be empty", "doneStatuses must not be empty");
        assertThat(ValueStreams.validate(new ValueStream(null, "X", null, null, null, null, null)))
                .contains("stages must not be empty", "doneStatuses must not be empty");
    }

    @Test
    @DisplayName("Duplicate stage names (case-insensitive), missing kind, empty statuses, blank status")
    void stageErrors() {
        ValueStream vs = new ValueStream(null, "X", null,
                List.of(new Stage("Build", List.of("A"), StageKind.ACTIVE), new Stage("build ", List.of(), null),
                        new Stage("Test", List.of(" "), StageKind.ACTIVE)),
                List.of("Done"), List.of(""), null);
        assertThat(ValueStreams.validate(vs)).containsExactly(
                "stages[1].name: 'build ' is already the name of stages[0]",
                "stages[1].kind must be ACTIVE or WAITING",
                "stages[1].statuses must not be empty",
                "stages[2].statuses[0] must not be empty",
                "productionEnvironments[0] must not be empty");
    }

    @Test
    @DisplayName("Normalisation: null lists -> empty, productionEnvironments default [production, prod]")
    void normalisation() {
        ValueStream vs = ValueStreams.normalized(new ValueStream("id", "X", null, null, null, null, null));
        assertThat(vs.scope()).isEqualTo(Scope.all());
        assertThat(vs.stages()).isEmpty();
        assertThat(vs.doneStatuses()).isEmpty();
        assertThat(vs.visibleToGroups()).isEmpty();
        assertThat(vs.productionEnvironments()).containsExactly("production", "prod");
        assertThat(ValueStreams.normalized(new ValueStream("id", "X", new Scope(null, null, null, null, null), null,
                null, List.of("live"), null)).productionEnvironments()).containsExactly("live");
    }

    static ValueStream withWindow(Integer hours) {
        ValueStream f = Fixtures.stream();
        return new ValueStream(f.id(), f.name(), f.scope(), f.stages(), f.doneStatuses(), f.productionEnvironments(),
                f.visibleToGroups(), hours == null ? null : new IncidentAttribution(hours));
    }

    @Test
    @DisplayName("incidentAttribution.windowHours: default 0 (explicit only), 0..8760 accepted, outside refused")
    void incidentAttributionWindow() {
        assertThat(withWindow(null).incidentAttribution().windowHours()).isZero();
        assertThat(ValueStreams.normalized(withWindow(null)).incidentAttribution()).isEqualTo(new IncidentAttribution(0));
        assertThat(ValueStreams.normalized(withWindow(24)).incidentAttribution()).isEqualTo(new IncidentAttribution(24));
        assertThat(ValueStreams.validate(withWindow(0))).isEmpty();
        assertThat(ValueStreams.validate(withWindow(8760))).isEmpty();
        assertThat(ValueStreams.validate(withWindow(-1)))
                .containsExactly("incidentAttribution.windowHours must be between 0 and 8760 (hours), not -1");
        assertThat(ValueStreams.validate(withWindow(8761)))
                .containsExactly("incidentAttribution.windowHours must be between 0 and 8760 (hours), not 8761");
        ValueStreamInput in = new ValueStreamInput(null, "X", null, List.of(), List.of("Done"), null, null,
                new IncidentAttributionInput(48), null);
        assertThat(ValueStreams.of(in).incidentAttribution()).isEqualTo(new IncidentAttribution(48));
        assertThat(ValueStreams.of(new ValueStreamInput(null, "X", null, List.of(), List.of("Done"), null, null, null, null))
                .incidentAttribution()).isEqualTo(new IncidentAttribution(0));
    }

    @Test
    @DisplayName("visibleToGroups are full group paths: a bare name is the top-level group, a blank one is refused")
    void groupsAreFullPaths() {
        ValueStream vs = new ValueStream("id", "X", null, null, null, null,
                List.of("payments", "/ops/payments", " /ops "));
        assertThat(ValueStreams.normalized(vs).visibleToGroups()).containsExactly("/payments", "/ops/payments", "/ops");
        ValueStream blank = new ValueStream(null, "X", null, List.of(new Stage("Build", List.of("A"), StageKind.ACTIVE)),
                List.of("Done"), null, List.of("payments", " ", "/"));
        assertThat(ValueStreams.validate(ValueStreams.normalized(blank))).containsExactly(
                "visibleToGroups[1] must name a group (a path like /payments)",
                "visibleToGroups[2] must name a group (a path like /payments)");
    }

    @Test
    @DisplayName("SLE and WIP limits (docs/metrics-rules.md Value stream validation): days in (0, 3650], percentile in "
            + "1..100, wipLimit >= 0; each error names the field")
    void sleAndWipLimits() {
        List<Stage> stages = List.of(new Stage("Build", List.of("A"), StageKind.ACTIVE, 0),
                new Stage("Test", List.of("B"), StageKind.ACTIVE, -1), new Stage("Ship", List.of("C"), StageKind.ACTIVE));
        ValueStream vs = new ValueStream(null, "X", null, stages, List.of("Done"), null, null, null, new Sle(0.0, 101));
        assertThat(ValueStreams.validate(vs)).containsExactly(
                "stages[1].wipLimit must be >= 0 (or omitted for no limit), not -1",
                "sle.days must be > 0 and at most 3650, not 0.0",
                "sle.percentile must be between 1 and 100, not 101");
        assertThat(ValueStreams.validate(new ValueStream(null, "X", null, stages.subList(0, 1), List.of("Done"), null,
                null, null, new Sle(null, null)))).containsExactly("sle.days must be given", "sle.percentile must be given");
        assertThat(ValueStreams.validate(new ValueStream(null, "X", null, stages.subList(0, 1), List.of("Done"), null,
                null, null, new Sle(Double.NaN, 0)))).containsExactly("sle.days must be > 0 and at most 3650, not NaN",
                        "sle.percentile must be between 1 and 100, not 0");
        assertThat(ValueStreams.validate(new ValueStream(null, "X", null, stages.subList(0, 1), List.of("Done"), null,
                null, null, new Sle(3650.5, 1)))).containsExactly("sle.days must be > 0 and at most 3650, not 3650.5");
        assertThat(ValueStreams.validate(new ValueStream(null, "X", null, stages.subList(0, 1), List.of("Done"), null,
                null, null, new Sle(0.5, 100)))).isEmpty();
    }

    @Test
    @DisplayName("The saved stream keeps the input's SLE and WIP limits; normalising keeps them; none by default")
    void sleAndWipLimitsKept() {
        ValueStreamInput input = new ValueStreamInput(null, "X", null,
                List.of(new StageInput("Build", List.of("A"), StageKind.ACTIVE, 3),
                        new StageInput("Test", List.of("B"), StageKind.WAITING, null)),
                List.of("Done"), null, null, null, new SleInput(8.5, 85));
        ValueStream vs = ValueStreams.normalized(ValueStreams.of(input));
        assertThat(vs.sle()).isEqualTo(new Sle(8.5, 85));
        assertThat(vs.stages()).extracting(Stage::wipLimit).containsExactly(3, null);
        ValueStream plain = ValueStreams.normalized(ValueStreams.of(new ValueStreamInput(null, "X", null,
                List.of(new StageInput("Build", List.of("A"), StageKind.ACTIVE, null)), List.of("Done"), null, null, null, null)));
        assertThat(plain.sle()).isNull();
        assertThat(plain.stages().get(0).wipLimit()).isNull();
    }

    @Test
    @DisplayName("ItemType.fromEvent maps the lower-case event values and rejects others naming the field")
    void itemTypeFromEvent() {
        assertThat(ItemType.fromEvent("feature")).isEqualTo(ItemType.FEATURE);
        assertThat(ItemType.fromEvent(" Defect ")).isEqualTo(ItemType.DEFECT);
        assertThat(ItemType.fromEvent("risk")).isEqualTo(ItemType.RISK);
        assertThat(ItemType.fromEvent("debt")).isEqualTo(ItemType.DEBT);
        assertThat(ItemType.DEBT.wireName()).isEqualTo("debt");
        assertThatThrownBy(() -> ItemType.fromEvent("story")).hasMessage("itemType: unknown value 'story'");
        assertThatThrownBy(() -> ItemType.fromEvent(null)).hasMessage("itemType must be given");
    }

    @Test
    @DisplayName("Duration stats: nearest rank x_ceil(p*n/100); n=1 gives the value everywhere; n=20 p95 = x19")
    void nearestRank() {
        assertThat(Durations.of(new double[] {7})).isEqualTo(new DurationStats(1, 7.0, 7.0, 7.0, 7.0));
        double[] v = new double[20];
        for (int i = 0; i < 20; i++) {
            v[i] = 20 - i; // 20..1, sorted by of()
        }
        DurationStats s = Durations.of(v);
        assertThat(s.p50()).isEqualTo(10.0); // ceil(10) = 10
        assertThat(s.p85()).isEqualTo(17.0); // ceil(17) = 17
        assertThat(s.p95()).isEqualTo(19.0); // ceil(19) = 19
        assertThat(s.mean()).isEqualTo(10.5);
    }
}
