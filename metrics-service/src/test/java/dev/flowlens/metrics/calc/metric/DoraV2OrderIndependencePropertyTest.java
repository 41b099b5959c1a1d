package dev.flowlens.metrics.calc.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.IncidentAttribution;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Fixtures;
import dev.flowlens.metrics.calc.Window;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import dev.flowlens.metrics.calc.index.DoraIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * EVENTS.md "the same whatever the order of arrival" for METRICS.md "DORA v2": any permutation of generated
 * deployments (ties at one instant, rollbacks, rollbacks of rollbacks, hotfixes, other environments) and incidents
 * (explicit, by window, open or resolved), with any repeated facts, gives the same DoraMetrics and deploymentsList,
 * and the cache's path (facts unique by id) gives what the reference path gives.
 */
class DoraV2OrderIndependencePropertyTest {
    private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");
    private static final String[] SERVICES = {"pay", "search", "Pay "};
    private static final String[] ENVS = {"production", "prod", "staging"};

    record Scenario(List<DeploymentFact> deployments, List<IncidentFact> incidents) {
    }

    /** Times on an hour grid over 20 days, so that ties are frequent. */
    static Scenario scenario(long seed, int deploymentCount, int incidentCount) {
        Random r = new Random(seed);
        List<DeploymentFact> ds = new ArrayList<>();
        for (int k = 0; k < deploymentCount; k++) {
            Instant finished = BASE.plusSeconds(3600L * r.nextInt(24 * 20));
            String rollbackOf = k > 0 && r.nextInt(4) == 0 ? "d" + r.nextInt(k) : null;
            ds.add(new DeploymentFact("d" + k, SERVICES[r.nextInt(SERVICES.length)], ENVS[r.nextInt(ENVS.length)],
                    r.nextInt(8) != 0, finished.minusSeconds(60), finished, List.of(), rollbackOf, r.nextInt(6) == 0));
        }
        List<IncidentFact> is = new ArrayList<>();
        for (int k = 0; k < incidentCount; k++) {
            Instant opened = BASE.plusSeconds(3600L * r.nextInt(24 * 20));
            Instant resolved = r.nextInt(4) == 0 ? null : opened.plusSeconds(3600L * r.nextInt(48));
            String cause = deploymentCount > 0 && r.nextInt(3) == 0 ? "d" + r.nextInt(deploymentCount) : null;
            is.add(new IncidentFact("i" + k, SERVICES[r.nextInt(SERVICES.length)], opened, resolved, cause));
        }
        return new Scenario(ds, is);
    }

    static <T> List<T> shuffledWithRepeats(List<T> facts, Random r) {
        List<T> out = new ArrayList<>(facts);
        int repeats = facts.isEmpty() ? 0 : r.nextInt(5);
        for (int k = 0; k < repeats; k++) {
            out.add(facts.get(r.nextInt(facts.size())));
        }
        Collections.shuffle(out, r);
        return out;
    }

    @Property(tries = 300)
    void doraV2DoesNotDependOnOrderOrRepeats(@ForAll long scenarioSeed, @ForAll long permutationSeed,
            @ForAll @IntRange(min = 0, max = 30) int deployments, @ForAll @IntRange(min = 0, max = 20) int incidents,
            @ForAll @IntRange(min = 0, max = 72) int windowHours, @ForAll @IntRange(min = 1, max = 25) int toDay) {
        ValueStream s = Fixtures.stream();
        ValueStream vs = new ValueStream(s.id(), s.name(), s.scope(), s.stages(), s.doneStatuses(),
                s.productionEnvironments(), s.visibleToGroups(), new IncidentAttribution(windowHours));
        Window window = new Window(BASE.plusSeconds(86_400L * 2), BASE.plusSeconds(86_400L * toDay + 86_400L * 2),
                Granularity.DAY);
        Instant now = BASE.plusSeconds(86_400L * 12 + 3600);
        Scenario original = scenario(scenarioSeed, deployments, incidents);
        Random r = new Random(permutationSeed);
        List<DeploymentFact> ds = shuffledWithRepeats(original.deployments(), r);
        List<IncidentFact> is = shuffledWithRepeats(original.incidents(), r);

        DoraIndex reference = DoraIndex.of(vs, List.of(), original.deployments(), original.incidents(), true);
        DoraIndex shuffled = DoraIndex.of(vs, List.of(), ds, is, false);
        assertThat(DoraCalculator.dora(shuffled, window, now)).isEqualTo(DoraCalculator.dora(reference, window, now));
        assertThat(DoraCalculator.deploymentsList(shuffled, window, now))
                .isEqualTo(DoraCalculator.deploymentsList(reference, window, now));
    }
}
