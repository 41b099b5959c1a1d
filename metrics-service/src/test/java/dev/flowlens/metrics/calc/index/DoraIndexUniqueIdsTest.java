package dev.flowlens.metrics.calc.index;

import static dev.flowlens.metrics.calc.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.internalapi.metrics.DoraMetrics;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import dev.flowlens.metrics.calc.metric.DoraCalculator;
import dev.flowlens.metrics.calc.metric.DoraCalculatorTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DoraIndexUniqueIdsTest {

    @Test
    @DisplayName("For facts with one of each id, the index without its repeat-dropping sets answers exactly the same")
    void sameAnswersForUniqueIds() {
        Random r = new Random(13);
        Instant start = at("02-20");
        int nonZero = 0;
        for (int round = 0; round < 300; round++) {
            List<DeploymentFact> deployments = new ArrayList<>();
            List<ChangeFact> changes = new ArrayList<>();
            List<IncidentFact> incidents = new ArrayList<>();
            int shas = 5 + r.nextInt(40);
            for (int k = r.nextInt(60); k >= 0; k--) {
                Instant finished = start.plusSeconds(r.nextInt(40 * 86_400));
                List<String> commits = new ArrayList<>();
                for (int c = r.nextInt(4); c > 0; c--) {
                    commits.add("m" + r.nextInt(shas));
                }
                deployments.add(new DeploymentFact("d" + k, r.nextInt(4) == 0 ? "search" : "payments-api",
                        r.nextInt(5) == 0 ? "staging" : "production", r.nextInt(6) != 0, finished.minusSeconds(600),
                        finished, commits));
            }
            for (int k = r.nextInt(60); k >= 0; k--) {
                Instant created = start.plusSeconds(r.nextInt(35 * 86_400));
                Instant merged = r.nextInt(5) == 0 ? null : created.plusSeconds(r.nextInt(5 * 86_400));
                changes.add(new ChangeFact("c" + k, r.nextInt(4) == 0 ? "other" : "payments", created,
                        r.nextBoolean() ? null : created.minusSeconds(r.nextInt(86_400)), merged,
                        merged == null ? null : "m" + r.nextInt(shas)));
            }
            for (int k = r.nextInt(15); k >= 0; k--) {
                Instant opened = start.plusSeconds(r.nextInt(40 * 86_400));
                incidents.add(new IncidentFact(r.nextInt(20) == 0 ? null : "i" + k,
                        r.nextInt(4) == 0 ? "search" : "payments-api", opened,
                        r.nextInt(4) == 0 ? null : opened.plusSeconds(r.nextInt(86_400)),
                        r.nextBoolean() ? "d" + r.nextInt(60) : null));
            }
            // at most one null incident id, as a map by id holds
            boolean[] nullSeen = {false};
            incidents.removeIf(i -> i.incidentId() == null && (nullSeen[0] || !(nullSeen[0] = true)));
            DoraMetrics checked = DoraCalculator.dora(DoraIndex.of(DoraCalculatorTest.VS, changes, deployments,
                    incidents, false), DoraCalculatorTest.WINDOW, DoraCalculatorTest.NOW);
            DoraMetrics unchecked = DoraCalculator.dora(DoraIndex.of(DoraCalculatorTest.VS, changes, deployments,
                    incidents, true), DoraCalculatorTest.WINDOW, DoraCalculatorTest.NOW);
            assertThat(unchecked).as("round %d", round).isEqualTo(checked);
            nonZero += checked.equals(DoraCalculator.dora(DoraIndex.of(DoraCalculatorTest.VS, List.of(), List.of(),
                    List.of(), false), DoraCalculatorTest.WINDOW, DoraCalculatorTest.NOW)) ? 0 : 1;
        }
        assertThat(nonZero).as("rounds with any DORA figure").isGreaterThan(250);
    }
}
