package dev.flowlens.metrics.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.DeploymentStatus;
import dev.flowlens.events.EventData;
import dev.flowlens.events.EventType;
import dev.flowlens.events.FlowEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * "Replay: newer mapping wins" on FactStore itself: every order of the same versions, one by one or in one batch, gives
 * the same rows; for the same event id the higher revision wins, between different event ids the precedence of before.
 */
@QuarkusTest
class FactStoreRevisionTest {

    @Inject
    FactStore store;

    @Inject
    Pool pool;

    static final Instant T0 = Instant.parse("2026-03-04T00:00:00Z");
    static final Instant T1 = Instant.parse("2026-03-05T00:00:00Z");

    static List<List<Integer>> permutations(int n) {
        List<List<Integer>> out = new ArrayList<>();
        permute(new ArrayList<>(), n, out);
        return out;
    }

    private static void permute(List<Integer> prefix, int n, List<List<Integer>> out) {
        if (prefix.size() == n) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (int i = 0; i < n; i++) {
            if (!prefix.contains(i)) {
                prefix.add(i);
                permute(prefix, n, out);
                prefix.remove(prefix.size() - 1);
            }
        }
    }

    String one(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().deepToString();
    }

    /** Applies the versions (made for one entity key) in every order, one by one and as one batch, and answers the rows. */
    List<String> everyOrder(List<Function<String, FlowEvent>> versions, String rowSql) {
        List<String> rows = new ArrayList<>();
        for (List<Integer> order : permutations(versions.size())) {
            for (boolean batch : new boolean[] {false, true}) {
                String key = "k" + UUID.randomUUID();
                List<FlowEvent> events = order.stream().map(i -> versions.get(i).apply(key)).toList();
                if (batch) {
                    store.applyAll(events).await().indefinitely();
                } else {
                    events.forEach(e -> store.apply(e).await().indefinitely());
                }
                rows.add(one(rowSql, key));
            }
        }
        return rows;
    }

    static FlowEvent transition(String key, String eventId, String to, Instant at, long revision) {
        return new FlowEvent(key + ":" + eventId, "jira/test", EventType.WORKITEM_TRANSITIONED, at, null,
                new EventData.WorkItemTransitioned(key + ":item", "To Do", to, at), revision);
    }

    static FlowEvent deployment(String key, String eventId, Instant time, String status, long revision) {
        return new FlowEvent(key + ":" + eventId, "github/test", EventType.DEPLOYMENT_FINISHED, time, null,
                new EventData.DeploymentFinished(key, "payments", "production",
                        DeploymentStatus.valueOf(status.toUpperCase(Locale.ROOT)), null, time, List.of("sha"), null, null),
                revision);
    }

    @Test
    void theHighestRevisionOfATransitionWinsInEveryOrderAndTheSameRevisionAgainChangesNothing() {
        List<String> rows = everyOrder(List.of(
                k -> transition(k, "e", "Finished", T1, 1),
                k -> transition(k, "e", "Done", T0, 3),
                k -> transition(k, "e", "Closed", T1, 2),
                k -> transition(k, "e", "Done", T0, 3)),
                "select to_status, at, revision from metrics.transition where event_id = $1 || ':e'");
        assertThat(rows).hasSize(48).containsOnly("[Done," + T0.atOffset(java.time.ZoneOffset.UTC) + ",3]");
    }

    @Test
    void forUpsertsTheRevisionOnlyBreaksTiesOfTheSameEventAndTimeNeverThePrecedenceOfDifferentEvents() {
        // a and its newer mapping a' (same time): a' wins; b is older than a, so it loses whatever its revision
        List<String> rows = everyOrder(List.of(
                k -> deployment(k, "a", T1, "failure", 1),
                k -> deployment(k, "a", T1, "success", 2),
                k -> deployment(k, "b", T0, "failure", 9)),
                "select fact_event_id, status, fact_revision from metrics.deployment where deployment_id = $1");
        assertThat(rows).hasSize(12).allMatch(r -> r.endsWith(":a,success,2]"));
    }

    static FlowEvent rollback(String key, String eventId, Instant time, String rollbackOf, Boolean hotfix,
            long revision) {
        return new FlowEvent(key + ":" + eventId, "github/test", EventType.DEPLOYMENT_FINISHED, time, null,
                new EventData.DeploymentFinished(key, "payments", "production", DeploymentStatus.SUCCESS, null, time,
                        List.of("sha"), rollbackOf, hotfix), revision);
    }

    @Test
    void rollbackOfAndHotfixBelongToTheWinningEventInEveryOrderAndADuplicateChangesNothing() {
        // a' (newer mapping of a, same time) wins over a; b is older, so its rollbackOf and hotfix never show
        List<String> rows = everyOrder(List.of(
                k -> rollback(k, "a", T1, null, null, 1),
                k -> rollback(k, "a", T1, "deploy-0", true, 2),
                k -> rollback(k, "b", T0, "deploy-9", false, 9),
                k -> rollback(k, "a", T1, "deploy-0", true, 2)),
                "select fact_event_id, rollback_of, hotfix, fact_revision from metrics.deployment"
                        + " where deployment_id = $1");
        assertThat(rows).hasSize(48).allMatch(r -> r.endsWith(":a,deploy-0,true,2]"));
        // the older mapping alone: no rollback, no hotfix (an absent hotfix is false, never null)
        assertThat(everyOrder(List.of(k -> rollback(k, "a", T1, null, null, 1)),
                "select rollback_of, hotfix from metrics.deployment where deployment_id = $1"))
                .containsOnly("[null,false]");
    }

    @Test
    void aTransitionMovedToAnotherItemRemembersTheItemItLeft() {
        String key = "k" + UUID.randomUUID();
        FlowEvent onA = transition(key, "e", "Done", T1, 1);
        FlowEvent onB = new FlowEvent(onA.id(), onA.source(), onA.type(), onA.time(), null,
                new EventData.WorkItemTransitioned(key + ":B", "To Do", "Done", T1), 2);
        store.apply(onA).await().indefinitely();
        long txid = Long.parseLong(one("select txid::text from metrics.transition where event_id = $1", onA.id()).replaceAll("[\\[\\]]", ""));
        store.apply(onB).await().indefinitely();
        assertThat(one("select item_id, array_to_string(moved_from, ';'), revision from metrics.transition where event_id = $1", onA.id()))
                .isEqualTo("[" + key + ":B," + key + ":item,2]");
        assertThat(Long.parseLong(one("select txid::text from metrics.transition where event_id = $1", onA.id()).replaceAll("[\\[\\]]", "")))
                .isGreaterThan(txid);
        // the old version again: nothing changes
        store.apply(onA).await().indefinitely();
        assertThat(one("select item_id, array_to_string(moved_from, ';'), revision from metrics.transition where event_id = $1", onA.id()))
                .isEqualTo("[" + key + ":B," + key + ":item,2]");
    }
}
