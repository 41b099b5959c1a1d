package dev.flowlens.metrics.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.events.ItemType;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.timeline.StatusHistory;
import dev.flowlens.metrics.calc.timeline.StatusTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The first load's path (PostgreSQL hands an item's transitions over as a bytea of times and two text arrays,
 * {@link LoadChunk} decodes and orders them without a Transition per row, {@link StatusHistory#ofOrdered} builds the history) gives the same
 * history as {@link StatusHistory#of} on the item with its transitions as delivered: random items with duplicated
 * events, transitions at one instant, null statuses, times before createdAt and statuses that array_out has to quote.
 * The rows are what the transition table holds of the item (one per event id: the primary key), in any order, written
 * as {@link FactCache#LOAD_ITEMS} has PostgreSQL write them (timestamptz_send in a hex bytea, array_out). An item with
 * transitions at one instant must be flagged for the exact reload, never built from the rows.
 */
class FirstLoadPropertyTest {
    private static final String[] STATUSES = {"To Do", "Ready", "In Progress", "In Review", "Done", "NULL", "null",
        "", " padded ", "a,b", "say \"hi\"", "back\\slash", "{braces}", "Prüfung", "\uD83D\uDE80 launch", "\uE000"};
    private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");

    @Property(tries = 300)
    void decodedRowsBuildTheSameHistory(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int itemCount) {
        Random r = new Random(seed);
        LoadChunk chunk = new LoadChunk();
        PgArrays.Spellings spellings = new PgArrays.Spellings();
        StatusTable shared = new StatusTable();
        List<WorkItemFacts> items = new ArrayList<>();
        for (int i = 0; i < itemCount; i++) {
            WorkItemFacts item = item(r, i);
            items.add(item);
            List<Transition> rows = tableRows(item.transitions(), r);
            WorkItemFacts bare = new WorkItemFacts(item.itemId(), item.key(), item.title(), item.itemType(),
                    item.project(), item.team(), item.status(), item.createdAt(), item.url(), List.of());
            boolean tied = chunk.add(bare, rows.isEmpty() ? null : timestampsSent(rows),
                    rows.isEmpty() ? null : texts(rows, Transition::fromStatus),
                    rows.isEmpty() ? null : texts(rows, Transition::toStatus), spellings);
            long distinctTimes = rows.stream().map(Transition::at).distinct().count();
            assertThat(tied).as("flagged for the reload exactly when two rows share an instant")
                    .isEqualTo(distinctTimes < rows.size());
        }
        assertThat(chunk.size).isEqualTo(itemCount);
        for (int k = 0; k < chunk.size; k++) {
            if (chunk.tied[k]) {
                continue; // reloaded with event ids and built by StatusHistory.of itself
            }
            WorkItemFacts item = items.get(k);
            StatusHistory expected = StatusHistory.of(item);
            StatusHistory viaRows = StatusHistory.ofOrdered(chunk.items[k], chunk.ats, chunk.froms, chunk.tos,
                    chunk.offsets[k], chunk.offsets[k + 1], shared, k, UnaryOperator.identity());
            assertThat(viaRows.sameAs(expected)).as("item %s: %s", item.itemId(), item.transitions()).isTrue();
            assertThat(viaRows.segmentCount()).isEqualTo(expected.segmentCount());
            for (int s = 0; s < expected.segmentCount(); s++) {
                assertThat(viaRows.segmentStart(s)).isEqualTo(expected.segmentStart(s));
                assertThat(viaRows.segmentStatus(s)).isEqualTo(expected.segmentStatus(s));
            }
        }
    }

    /**
     * An item as delivered: some transitions repeated (the same event again), some at one instant (a coarse grid),
     * some before createdAt, null statuses; times in microseconds, PostgreSQL's precision.
     */
    private static WorkItemFacts item(Random r, int i) {
        Instant created = BASE.plusSeconds(60L * r.nextInt(10_000)).plusNanos(1000L * r.nextInt(1_000_000));
        int n = r.nextInt(9);
        boolean coarse = r.nextBoolean();
        List<Transition> ts = new ArrayList<>();
        String status = pick(r);
        for (int k = 0; k < n; k++) {
            String to = r.nextInt(12) == 0 ? null : pick(r);
            long offsetUs = coarse ? 3_600_000_000L * (r.nextInt(48) - 6)
                    : r.nextLong(-86_400_000_000L, 30 * 86_400_000_000L);
            String from = r.nextInt(10) == 0 ? null : status;
            ts.add(new Transition("it" + i + "-e" + k + (r.nextBoolean() ? "-\u00e9" : ""), from, to,
                    created.plusNanos(offsetUs * 1000)));
            if (to != null) {
                status = to;
            }
        }
        int dups = ts.isEmpty() ? 0 : r.nextInt(3);
        for (int d = 0; d < dups; d++) {
            ts.add(ts.get(r.nextInt(ts.size())));
        }
        Collections.shuffle(ts, r);
        ItemType type = ItemType.values()[r.nextInt(ItemType.values().length)];
        return new WorkItemFacts("jira:K-" + i, "K-" + i, r.nextBoolean() ? null : "title " + i, type, "PAY",
                r.nextBoolean() ? null : "team-a", pick(r), created, r.nextBoolean() ? null : "https://x/K-" + i, ts);
    }

    private static String pick(Random r) {
        return STATUSES[r.nextInt(STATUSES.length)];
    }

    /**
     * What the transition table holds of the item (one row per event id, the primary key), in the order the load
     * query's aggregates happen to see them: any.
     */
    private static List<Transition> tableRows(List<Transition> delivered, Random r) {
        Map<String, Transition> byId = new LinkedHashMap<>();
        delivered.forEach(t -> byId.putIfAbsent(t.eventId(), t));
        List<Transition> rows = new ArrayList<>(byId.values());
        Collections.shuffle(rows, r);
        if (r.nextBoolean()) {
            rows.sort(Comparator.comparing(Transition::at)); // often already in order of time
        }
        return rows;
    }

    /** The times as {@code string_agg(timestamptz_send(at), ''::bytea)} gives them in text form. */
    private static String timestampsSent(List<Transition> rows) {
        StringBuilder hex = new StringBuilder("\\x");
        for (Transition t : rows) {
            hex.append(String.format("%016x", Times.floorMicros(t.at()) - 946_684_800_000_000L));
        }
        return hex.toString();
    }

    private static String texts(List<Transition> rows, java.util.function.Function<Transition, String> field) {
        return rows.stream().map(t -> arrayOut(field.apply(t))).collect(Collectors.joining(",", "{", "}"));
    }

    /** An element as PostgreSQL's array_out writes it. */
    private static String arrayOut(String s) {
        if (s == null) {
            return "NULL";
        }
        boolean quote = s.isEmpty() || s.equalsIgnoreCase("NULL");
        for (char ch : s.toCharArray()) {
            quote |= ch == '{' || ch == '}' || ch == ',' || ch == '"' || ch == '\\' || Character.isWhitespace(ch);
        }
        if (!quote) {
            return s;
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
