package dev.flowlens.metrics.facts;

import dev.flowlens.events.DeploymentStatus;
import dev.flowlens.events.ItemType;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Scopes;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import dev.flowlens.metrics.calc.fact.ReviewFact;
import dev.flowlens.metrics.calc.fact.Transition;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the facts a value stream's metrics need. SQL narrows by scope; the exact scope rule is
 * {@link dev.flowlens.metrics.calc.Scopes#matchesItem}, applied again on what comes back.
 */
@ApplicationScoped
public class FactReader {

    /** What the DORA metrics of one stream are computed from. */
    public record DoraFacts(List<ChangeFact> changes, List<DeploymentFact> deployments, List<IncidentFact> incidents) {
    }

    /**
     * A change's columns as {@link ChangeFact} takes them: author, readyForReviewAt and work item keys of the winning
     * event, else of the latest change.opened (METRICS.md "Delivery": a field only change.opened gives still counts;
     * an empty key list is no keys given).
     */
    public static final String CHANGE_COLUMNS = "c.change_id, c.repository, c.created_at, c.first_commit_at,"
            + " c.merged_at, c.merge_commit_sha, coalesce(c.author, c.opened_author),"
            + " coalesce(c.ready_for_review_at, c.opened_ready_for_review_at),"
            + " case when cardinality(c.work_item_keys) > 0 then c.work_item_keys"
            + " else coalesce(c.opened_work_item_keys, '{}') end";

    /** What delivery and idea to production are computed from: every merged change, every review, the deployments. */
    public record DeliveryInput(List<ChangeFact> changes, List<ReviewFact> reviews, List<DeploymentFact> deployments) {
    }

    private final Pool pool;

    public FactReader(Pool pool) {
        this.pool = pool;
    }

    /**
     * The titles of the work items with these ids, by id, in one query: items without a title or without a row are
     * left out. Deleted items keep their row, so an item a snapshot still lists keeps its title.
     */
    public Uni<Map<String, String>> titles(Collection<String> itemIds) {
        if (itemIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("select item_id, title from metrics.work_item where item_id = any($1)")
                .execute(Tuple.of(itemIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, String> out = new HashMap<>(rows.rowCount() * 2);
                    for (Row r : rows) {
                        String title = r.getString("title");
                        if (title != null) {
                            out.put(r.getString("item_id"), title);
                        }
                    }
                    return out;
                });
    }

    /** The stream's live (not deleted, upserted) work items with all their transitions. */
    public Uni<List<WorkItemFacts>> items(ValueStream stream) {
        String[] types = stream.scope().itemTypes().stream().map(ItemType::wireName).toArray(String[]::new);
        return pool.preparedQuery("""
                select w.item_id, w.key, w.title, w.item_type, w.project, w.team, w.status, w.created_at, w.url,
                       t.ids, t.froms, t.tos, t.ats
                from metrics.work_item w
                left join lateral (select array_agg(event_id) ids, array_agg(from_status) froms,
                                          array_agg(to_status) tos, array_agg(at) ats
                                   from metrics.transition where item_id = w.item_id) t on true
                where not exists (select 1 from metrics.deleted_item d where d.item_id = w.item_id)
                  and (cardinality($1::text[]) = 0 or lower(btrim(w.project)) = any($1))
                  and (cardinality($2::text[]) = 0 or lower(btrim(w.team)) = any($2))
                  and (cardinality($3::text[]) = 0 or w.item_type = any($3))""")
                .execute(Tuple.of(keys(stream.scope().projects()), keys(stream.scope().teams()), types))
                .map(rows -> {
                    List<WorkItemFacts> items = new ArrayList<>(rows.rowCount());
                    for (Row r : rows) {
                        WorkItemFacts item = new WorkItemFacts(r.getString("item_id"), r.getString("key"),
                                r.getString("title"), ItemType.fromEvent(r.getString("item_type")),
                                r.getString("project"), r.getString("team"), r.getString("status"),
                                instant(r.getOffsetDateTime("created_at")), r.getString("url"), transitions(r));
                        if (Scopes.matchesItem(stream.scope(), item.project(), item.team(), item.itemType())) {
                            items.add(item);
                        }
                    }
                    return items;
                });
    }

    /**
     * Merged changes of the stream's repositories, its services' deployments, its services' incidents and every
     * incident that blames a deployment (change failure rate counts those whatever their service).
     */
    public Uni<DoraFacts> doraFacts(ValueStream stream) {
        String[] repos = keys(stream.scope().repositories());
        String[] services = keys(stream.scope().services());
        Uni<List<ChangeFact>> changes = pool.preparedQuery("""
                select change_id, repository, created_at, first_commit_at, merged_at, merge_commit_sha
                from metrics.change
                where merged_at is not null and merge_commit_sha is not null
                  and (cardinality($1::text[]) = 0 or lower(btrim(repository)) = any($1))""")
                .execute(Tuple.of((Object) repos))
                .map(rows -> {
                    List<ChangeFact> out = new ArrayList<>(rows.rowCount());
                    for (Row r : rows) {
                        out.add(new ChangeFact(r.getString(0), r.getString(1), instant(r.getOffsetDateTime(2)),
                                instant(r.getOffsetDateTime(3)), instant(r.getOffsetDateTime(4)), r.getString(5)));
                    }
                    return out;
                });
        Uni<List<DeploymentFact>> deployments = pool.preparedQuery("""
                select deployment_id, service, environment, status, started_at, finished_at, commit_shas,
                    rollback_of, hotfix
                from metrics.deployment
                where (cardinality($1::text[]) = 0 or lower(btrim(service)) = any($1))""")
                .execute(Tuple.of((Object) services))
                .map(rows -> {
                    List<DeploymentFact> out = new ArrayList<>(rows.rowCount());
                    for (Row r : rows) {
                        out.add(new DeploymentFact(r.getString(0), r.getString(1), r.getString(2),
                                DeploymentStatus.SUCCESS.wireName().equals(r.getString(3)), instant(r.getOffsetDateTime(4)),
                                instant(r.getOffsetDateTime(5)), List.of(r.getArrayOfStrings(6)),
                                r.getString(7), Boolean.TRUE.equals(r.getBoolean(8))));
                    }
                    return out;
                });
        Uni<List<IncidentFact>> incidents = pool.preparedQuery("""
                select incident_id, service, opened_at, resolved_at, caused_by_deployment_id
                from metrics.incident
                where cardinality($1::text[]) = 0 or lower(btrim(service)) = any($1)
                   or caused_by_deployment_id is not null""")
                .execute(Tuple.of((Object) services))
                .map(rows -> {
                    List<IncidentFact> out = new ArrayList<>(rows.rowCount());
                    for (Row r : rows) {
                        out.add(new IncidentFact(r.getString(0), r.getString(1), instant(r.getOffsetDateTime(2)),
                                instant(r.getOffsetDateTime(3)), r.getString(4)));
                    }
                    return out;
                });
        return Uni.combine().all().unis(changes, deployments, incidents).asTuple()
                .map(t -> new DoraFacts(t.getItem1(), t.getItem2(), t.getItem3()));
    }

    /**
     * Every merged change (idea to production links changes of any repository; the delivery rules narrow by
     * repository themselves), every review and the stream's services' deployments.
     */
    public Uni<DeliveryInput> deliveryFacts(ValueStream stream) {
        Uni<List<ChangeFact>> changes = pool.preparedQuery("select " + CHANGE_COLUMNS
                + " from metrics.change c where c.merged_at is not null").execute()
                .map(rows -> {
                    List<ChangeFact> out = new ArrayList<>(rows.rowCount());
                    for (Row r : rows) {
                        String[] keys = r.getArrayOfStrings(8);
                        out.add(new ChangeFact(r.getString(0), r.getString(1), instant(r.getOffsetDateTime(2)),
                                instant(r.getOffsetDateTime(3)), instant(r.getOffsetDateTime(4)), r.getString(5),
                                r.getString(6), instant(r.getOffsetDateTime(7)),
                                keys == null ? List.of() : List.of(keys)));
                    }
                    return out;
                });
        Uni<List<ReviewFact>> reviews = pool.preparedQuery("""
                select review_id, change_id, repository, reviewer, state, submitted_at from metrics.change_review""")
                .execute()
                .map(rows -> {
                    List<ReviewFact> out = new ArrayList<>(rows.rowCount());
                    for (Row r : rows) {
                        out.add(new ReviewFact(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                                r.getString(4), instant(r.getOffsetDateTime(5))));
                    }
                    return out;
                });
        return Uni.combine().all().unis(changes, reviews, doraFacts(stream)).asTuple()
                .map(t -> new DeliveryInput(t.getItem1(), t.getItem2(), t.getItem3().deployments()));
    }

    private static List<Transition> transitions(Row r) {
        String[] ids = r.getArrayOfStrings("ids");
        if (ids == null) {
            return List.of();
        }
        String[] froms = r.getArrayOfStrings("froms");
        String[] tos = r.getArrayOfStrings("tos");
        OffsetDateTime[] ats = r.getArrayOfOffsetDateTimes("ats");
        List<Transition> out = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            out.add(new Transition(ids[i], froms[i], tos[i], ats[i].toInstant()));
        }
        return out;
    }

    private static String[] keys(List<String> names) {
        return names.stream().map(n -> n.trim().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
