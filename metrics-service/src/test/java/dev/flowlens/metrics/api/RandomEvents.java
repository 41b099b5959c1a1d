package dev.flowlens.metrics.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random canonical events for one test run (ids prefixed with the run): work items with transitions (duplicates,
 * reorders, ties, reopens, some dated before creation, some with microsecond fractions), re-upserts that move items
 * between teams and types, transitions without an item, deletions, opened and merged changes, deployments (success
 * and failure, production and staging) and incidents (with and without a cause, opened and resolved).
 */
final class RandomEvents {
    static final String[] STATUSES = {"To Do", "Ready", "In Progress", "Coding", "In Review", "Testing", "Blocked",
        "Done", "Closed", "in progress "};
    static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    final String run;
    final Random random;
    final List<String> events = new ArrayList<>();
    /** Expected rows once everything is stored. */
    final List<String> itemIds = new ArrayList<>();
    final Map<String, String> winningUpsert = new HashMap<>();
    final Map<String, Instant> upsertTime = new HashMap<>();
    final Map<String, Instant> createdAt = new HashMap<>();
    final Map<String, String> statusOf = new HashMap<>();
    final List<String> transitionIds = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    final List<String> shas = new ArrayList<>();
    final List<String> deploymentIds = new ArrayList<>();
    final Map<String, Integer> incidentRank = new HashMap<>();
    final Map<String, Integer> changeRank = new HashMap<>();
    private int seq;

    RandomEvents(String run, long seed) {
        this.run = run;
        this.random = new Random(seed);
    }

    String project() {
        return run + "-PAY";
    }

    String service(int i) {
        return run + "-svc" + i;
    }

    String repository(int i) {
        return run + "/repo" + i;
    }

    private Instant time(int days) {
        Instant t = BASE.plusSeconds(3600L * random.nextInt(24 * days));
        return random.nextInt(5) == 0 ? t.plusNanos(1000L * random.nextInt(1_000_000)) : t;
    }

    private ObjectNode event(String type, String id, Instant time) {
        ObjectNode e = JSON.createObjectNode();
        e.put("specversion", "1.0").put("id", id).put("source", "test/" + run).put("type", type)
                .put("time", time.toString());
        return e;
    }

    private void add(ObjectNode e) {
        events.add(e.toString());
    }

    /** New items with their upserts and transitions. */
    void items(int count) {
        for (int i = 0; i < count; i++) {
            String id = run + ":it" + itemIds.size();
            itemIds.add(id);
            Instant created = time(90);
            createdAt.put(id, created);
            String status = STATUSES[random.nextInt(STATUSES.length)];
            statusOf.put(id, status);
            upsert(id);
            moves(id, random.nextInt(9));
        }
        // Transitions whose item never arrives.
        for (int i = 0; i < 2; i++) {
            String orphan = run + ":orphan" + seq++;
            createdAt.put(orphan, BASE);
            statusOf.put(orphan, "To Do");
            moves(orphan, 2);
        }
    }

    /**
     * An upsert of an existing item; a later one may move it to another team or type, and always renames it (a title
     * is not in the cache: lists must show the newest one even when nothing else changed).
     */
    void upsert(String id) {
        Instant t = upsertTime.getOrDefault(id, createdAt.get(id)).plusSeconds(1 + random.nextInt(1000));
        upsertTime.put(id, t);
        String eventId = id + ":up" + seq++;
        winningUpsert.put(id, eventId);
        ObjectNode e = event("workitem.upserted", eventId, t);
        e.putObject("data").put("itemId", id).put("key", "K-" + id.substring(id.indexOf(':') + 1))
                .put("title", "Item " + id + " (" + eventId.substring(eventId.lastIndexOf(':') + 1) + ")")
                .put("itemType", new String[] {"feature", "defect", "risk", "debt"}[
                        random.nextInt(4)])
                .put("project", project()).put("team", random.nextBoolean() ? "team-a" : "team-b")
                .put("status", statusOf.get(id)).put("createdAt", createdAt.get(id).toString())
                .put("url", "https://jira.example/" + id);
        add(e);
    }

    /** Transitions of an item, some of them sent twice. */
    /**
     * Late facts for an item already in the views: a move dated shortly after its creation (so before the moves
     * known so far: out of order), then a reopen out of a done status at a random later instant.
     */
    void lateMoves(String id) {
        String current = statusOf.get(id);
        Instant early = createdAt.get(id).plusSeconds(60L * (1 + random.nextInt(60 * 24)));
        transition(id, random.nextBoolean() ? "To Do" : "Ready", "In Progress", early);
        Instant reopen = createdAt.get(id).plusSeconds(3600L * random.nextInt(24 * 60));
        transition(id, random.nextBoolean() ? "Done" : "Closed", "In Review", reopen);
        statusOf.put(id, current); // the latest known move is unchanged in most cases; moves() starts from here
    }

    private void transition(String id, String from, String to, Instant at) {
        String eventId = id + ":late" + seq++;
        transitionIds.add(eventId);
        ObjectNode e = event("workitem.transitioned", eventId, at);
        e.putObject("data").put("itemId", id).put("fromStatus", from).put("toStatus", to).put("at", at.toString());
        add(e);
    }

    void moves(String id, int n) {
        String from = statusOf.get(id);
        for (int k = 0; k < n; k++) {
            String to = STATUSES[random.nextInt(STATUSES.length)];
            Instant at = createdAt.get(id).plusSeconds(3600L * (random.nextInt(24 * 60) - 24));
            if (random.nextInt(6) == 0) {
                at = at.plusNanos(1000L * random.nextInt(1_000_000));
            }
            String eventId = id + ":mv" + seq++;
            transitionIds.add(eventId);
            ObjectNode e = event("workitem.transitioned", eventId, at);
            ObjectNode d = e.putObject("data").put("itemId", id).put("toStatus", to).put("at", at.toString());
            if (random.nextInt(8) != 0) {
                d.put("fromStatus", from);
            }
            add(e);
            if (random.nextInt(5) == 0) {
                add(e); // duplicate delivery
            }
            from = to;
        }
        statusOf.put(id, from);
    }

    void delete(String id) {
        deleted.add(id);
        ObjectNode e = event("workitem.deleted", id + ":del", BASE.plusSeconds(86_400L * 200));
        e.putObject("data").put("itemId", id);
        add(e);
    }

    /** Changes, deployments shipping some of their shas, and incidents. */
    void delivery(int changes, int deployments, int incidents) {
        for (int i = 0; i < changes; i++) {
            String id = run + ":ch" + seq++;
            Instant created = time(90);
            String repo = repository(random.nextInt(2));
            ObjectNode opened = event("change.opened", id + ":o", created);
            opened.putObject("data").put("changeId", id).put("repository", repo).put("createdAt", created.toString());
            add(opened);
            changeRank.put(id, 0);
            if (random.nextInt(4) != 0) {
                String sha = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
                shas.add(sha);
                Instant merged = created.plusSeconds(3600L * random.nextInt(24 * 5));
                ObjectNode m = event("change.merged", id + ":m", merged);
                ObjectNode d = m.putObject("data").put("changeId", id).put("repository", repo)
                        .put("createdAt", created.toString()).put("mergedAt", merged.toString())
                        .put("mergeCommitSha", random.nextInt(5) == 0 ? sha.toUpperCase() : sha);
                if (random.nextBoolean()) {
                    d.put("firstCommitAt", created.minusSeconds(3600L * random.nextInt(48)).toString());
                }
                add(m);
                changeRank.put(id, 1);
            }
        }
        for (int i = 0; i < deployments; i++) {
            String id = run + ":dep" + seq++;
            deploymentIds.add(id);
            Instant finished = time(100);
            ObjectNode e = event("deployment.finished", id, finished);
            ObjectNode d = e.putObject("data").put("deploymentId", id).put("service", service(random.nextInt(2)))
                    .put("environment", random.nextInt(4) == 0 ? "staging" : random.nextBoolean() ? "production"
                            : "Prod ")
                    .put("status", random.nextInt(5) == 0 ? "failure" : "success")
                    .put("startedAt", finished.minusSeconds(600).toString()).put("finishedAt", finished.toString());
            var list = d.putArray("commitShas");
            for (int k = random.nextInt(4); k > 0 && !shas.isEmpty(); k--) {
                list.add(shas.get(random.nextInt(shas.size())));
            }
            add(e);
        }
        for (int i = 0; i < incidents; i++) {
            String id = run + ":inc" + seq++;
            Instant opened = time(100);
            String service = service(random.nextInt(3)); // svc2 is in no stream's scope
            String cause = !deploymentIds.isEmpty() && random.nextBoolean()
                    ? deploymentIds.get(random.nextInt(deploymentIds.size())) : null;
            ObjectNode o = event("incident.opened", id + ":o", opened);
            ObjectNode d = o.putObject("data").put("incidentId", id).put("service", service)
                    .put("openedAt", opened.toString());
            if (cause != null) {
                d.put("causedByDeploymentId", cause);
            }
            add(o);
            incidentRank.put(id, 0);
            if (random.nextInt(3) != 0) {
                Instant resolved = opened.plusSeconds(60L * random.nextInt(60 * 24 * 3));
                ObjectNode r = event("incident.resolved", id + ":r", resolved);
                r.putObject("data").put("incidentId", id).put("service", service)
                        .put("openedAt", opened.toString()).put("resolvedAt", resolved.toString());
                add(r);
                incidentRank.put(id, 1);
            }
        }
    }

    /** The events published since the last call, shuffled. */
    List<String> drain() {
        List<String> out = new ArrayList<>(events);
        events.clear();
        Collections.shuffle(out, random);
        return out;
    }
}
