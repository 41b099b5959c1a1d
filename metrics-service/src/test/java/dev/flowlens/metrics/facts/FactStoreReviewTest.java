package dev.flowlens.metrics.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.EventData;
import dev.flowlens.events.EventType;
import dev.flowlens.events.FlowEvent;
import dev.flowlens.events.ReviewState;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The v2 code review facts (METRICS.md "Delivery"): change.reviewed and change.closed are stored (not dead letters),
 * and readyForReviewAt with "a field only change.opened gives still counts", with the same guarantees as the v1
 * upserts: every order, one by one or in one batch, and repeats give the same row.
 */
@QuarkusTest
class FactStoreReviewTest {

    @Inject
    FactStore store;

    @Inject
    Pool pool;

    static final Instant T0 = Instant.parse("2026-03-04T00:00:00Z");
    static final Instant T1 = Instant.parse("2026-03-05T00:00:00Z");
    static final Instant T2 = Instant.parse("2026-03-06T00:00:00Z");
    static final Instant T3 = Instant.parse("2026-03-07T00:00:00Z");

    String one(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().deepToString();
    }

    List<String> everyOrder(List<Function<String, FlowEvent>> versions, String rowSql) {
        List<String> rows = new java.util.ArrayList<>();
        for (List<Integer> order : FactStoreRevisionTest.permutations(versions.size())) {
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

    static FlowEvent opened(String key, String eventId, Instant time, String author, Instant ready, List<String> keys) {
        return new FlowEvent(key + ":" + eventId, "github/test", EventType.CHANGE_OPENED, time, null,
                new EventData.ChangeOpened(key, "acme/payments", "t", author, T0, keys, ready), 0);
    }

    static FlowEvent merged(String key, String eventId, Instant time, String author, Instant ready) {
        return new FlowEvent(key + ":" + eventId, "github/test", EventType.CHANGE_MERGED, time, null,
                new EventData.ChangeMerged(key, "acme/payments", "t", author, T0, null, T3, "abc", List.of(), ready),
                0);
    }

    static FlowEvent reviewed(String key, String eventId, Instant time, ReviewState state, long revision) {
        return new FlowEvent(key + ":" + eventId, "github/test", EventType.CHANGE_REVIEWED, time, null,
                new EventData.ChangeReviewed(key + ":review:1", key, "acme/payments", "bob", state, time), revision);
    }

    static String utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toString();
    }

    /** The change as the fact cache reads it (FactReader.CHANGE_COLUMNS), keys joined by ';'. */
    static final String CHANGE_ROW = "select repository, created_at, first_commit_at, merged_at, sha, author, ready,"
            + " array_to_string(keys, ';') from (select " + FactReader.CHANGE_COLUMNS
            + " from metrics.change c where c.change_id = $1)"
            + " x(id, repository, created_at, first_commit_at, merged_at, sha, author, ready, keys)";

    @Test
    void mergedOutranksOpenedButAFieldOnlyOpenedGivesStillCountsInEveryOrder() {
        // merged (T2) gives no author and no readyForReviewAt; the latest opened (T1) gives both, the older one (T0)
        // another author: the row answers merged's fields, else the latest opened's, whatever the order
        List<String> rows = everyOrder(List.of(
                k -> opened(k, "o0", T0, "carol", null, List.of("PAY-0")),
                k -> opened(k, "o1", T1, "alice", T1, List.of("PAY-1")),
                k -> merged(k, "m", T2, null, null)),
                CHANGE_ROW);
        assertThat(rows).hasSize(12).containsOnly(
                "[acme/payments," + utc(T0) + ",null," + utc(T3) + ",abc,alice," + utc(T1) + ",PAY-1]");
    }

    @Test
    void aFieldMergedGivesWinsOverOpened() {
        List<String> rows = everyOrder(List.of(
                k -> opened(k, "o1", T1, "alice", T1, List.of("PAY-1")),
                k -> merged(k, "m", T2, "dave", T2)),
                CHANGE_ROW);
        assertThat(rows).hasSize(4).containsOnly(
                "[acme/payments," + utc(T0) + ",null," + utc(T3) + ",abc,dave," + utc(T2) + ",PAY-1]");
    }

    @Test
    void aReviewIsStoredOnceItsLatestEventAndHighestRevisionWinning() {
        List<String> rows = everyOrder(List.of(
                k -> reviewed(k, "a", T1, ReviewState.COMMENTED, 1),
                k -> reviewed(k, "a", T1, ReviewState.APPROVED, 2),
                k -> reviewed(k, "b", T0, ReviewState.CHANGES_REQUESTED, 9),
                k -> reviewed(k, "a", T1, ReviewState.APPROVED, 2)),
                "select change_id = $1, reviewer, state, submitted_at, fact_revision from metrics.change_review"
                        + " where review_id = $1 || ':review:1'");
        assertThat(rows).hasSize(48).containsOnly("[true,bob,approved," + utc(T1) + ",2]");
    }

    @Test
    void aClosedChangeIsStoredNotADeadLetter() {
        List<String> rows = everyOrder(List.of(
                k -> new FlowEvent(k + ":c1", "github/test", EventType.CHANGE_CLOSED, T1, null,
                        new EventData.ChangeClosed(k, "acme/payments", T1), 0),
                k -> new FlowEvent(k + ":c2", "github/test", EventType.CHANGE_CLOSED, T2, null,
                        new EventData.ChangeClosed(k, "acme/payments", T2), 0)),
                "select repository, closed_at from metrics.change_closed where change_id = $1");
        assertThat(rows).hasSize(4).containsOnly("[acme/payments," + utc(T2) + "]");
    }
}
