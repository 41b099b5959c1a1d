package dev.flowlens.metrics.calc;

import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.Granularity;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageKind;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small builders shared by the calc tests. Times are UTC; "03-02T09:00" means 2026-03-02T09:00:00Z. */
public final class Fixtures {
    public static final double DAY = 86_400;
    public static final double HOUR = 3_600;

    private Fixtures() {
    }

    /** 2026-MM-DDTHH:MM:00Z from "MM-DDTHH:MM", or a full ISO instant. */
    public static Instant at(String s) {
        if (s.length() == 11) {
            return Instant.parse("2026-" + s + ":00Z");
        }
        if (s.length() == 5) {
            return Instant.parse("2026-" + s + "T00:00:00Z");
        }
        return Instant.parse(s);
    }

    /**
     * The standard stream: Ready (WAITING: Ready), Build (ACTIVE: In Progress, Coding), Review (WAITING: In Review),
     * Test (ACTIVE: Testing); done: Done, Closed. "To Do", "Backlog" and "Blocked" are in no stage (NEW).
     */
    public static ValueStream stream() {
        return new ValueStream("vs-1", "Payments", Scope.all(),
                List.of(new Stage("Ready", List.of("Ready"), StageKind.WAITING),
                        new Stage("Build", List.of("In Progress", "Coding"), StageKind.ACTIVE),
                        new Stage("Review", List.of("In Review"), StageKind.WAITING),
                        new Stage("Test", List.of("Testing"), StageKind.ACTIVE)),
                List.of("Done", "Closed"), null, List.of());
    }

    public static Transition tr(String id, String from, String to, String when) {
        return new Transition(id, from, to, at(when));
    }

    /**
     * An item created at {@code created} whose path is given as alternating (time, status) after the initial
     * status: path("To Do", "03-02", "Ready", "03-03", "In Progress") gives transitions To Do→Ready at 03-02 and
     * Ready→In Progress at 03-03, with event ids "<id>-1", "<id>-2"... The upserted status is the last one.
     */
    public static WorkItemFacts item(String id, ItemType type, String created, String initial, String... path) {
        List<Transition> ts = new ArrayList<>();
        String status = initial;
        for (int i = 0; i + 1 < path.length; i += 2) {
            ts.add(new Transition(id + "-" + (i / 2 + 1), status, path[i + 1], at(path[i])));
            status = path[i + 1];
        }
        return new WorkItemFacts(id, id.toUpperCase(), "Title " + id, type, "PAY", "team-a", status, at(created),
                "https://jira.example/browse/" + id, ts);
    }

    public static WorkItemFacts withTransitions(WorkItemFacts item, List<Transition> ts) {
        return new WorkItemFacts(item.itemId(), item.key(), item.title(), item.itemType(), item.project(),
                item.team(), item.status(), item.createdAt(), item.url(), ts);
    }

    public static Window window(String from, String to, Granularity g) {
        return new Window(at(from), at(to), g);
    }
}
