package dev.flowlens.metrics.calc.index;

import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Names;
import dev.flowlens.metrics.calc.Scopes;
import dev.flowlens.metrics.calc.Times;
import dev.flowlens.metrics.calc.ValueStreams;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.ReviewFact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A value stream's code review facts, prepared once (METRICS.md "Delivery" and "Idea to production") so that any window
 * is answered with binary searches over the stream's merged changes sorted by mergedAt
 * ({@link dev.flowlens.metrics.calc.metric.DeliveryCalculator}), never by scanning every change per query.
 *
 * <p>Each merged change of the stream's repositories gets its phases once: coding, pickup, review, time to merge (none
 * depends on asOf) and the finishedAt of its shipping deployment (the v1 rule, which does not depend on asOf either:
 * a query counts deploy time only when that finishedAt is before its asOf). Every merged change, whatever its
 * repository, is also listed under each of its work item keys (trimmed, case-insensitive) with its shipping
 * deployment's finishedAt, for idea to production ({@link ProductionIndex}).
 *
 * <p>Facts may come in any order and with repeats: each kind is taken once per id (the first of a repeated id), and
 * every list built here is sorted by a total order, so the numbers do not depend on the input order.
 */
public final class DeliveryIndex {
    /** Phase names in rule order (slowest phase ties go to the earlier one). */
    public static final List<String> PHASES = List.of("coding", "pickup", "review", "deploy");

    private static final Comparator<DeploymentFact> BY_FINISH = Comparator.comparing(DeploymentFact::finishedAt)
            .thenComparing(DeploymentFact::deploymentId, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** A merged change under one work item key: its id, mergedAt and shipping finishedAt (null: none). */
    public record Link(String changeId, Instant mergedAt, Instant shippedAt) {
    }

    private static final Comparator<Link> LINK_ORDER = Comparator.comparing(Link::mergedAt)
            .thenComparing(Link::changeId, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** The stream's merged changes by mergedAt (ties: change id): their facts, as the changes list shows them. */
    final ChangeFact[] changes;
    /** Their mergedAt, for the binary searches. */
    final Instant[] mergedAt;
    /** Seconds per change; NaN where the phase does not apply (no first commit, unreviewed). */
    final double[] coding;
    final double[] pickup;
    final double[] review;
    final double[] toMerge;
    /** Shipping deployment's finishedAt, null when none; deploy seconds are shippedAt - mergedAt. */
    final Instant[] shippedAt;
    private final Map<String, Link[]> byKey;

    private DeliveryIndex(ChangeFact[] changes, Instant[] mergedAt, double[] coding, double[] pickup, double[] review,
            double[] toMerge, Instant[] shippedAt, Map<String, Link[]> byKey) {
        this.changes = changes;
        this.mergedAt = mergedAt;
        this.coding = coding;
        this.pickup = pickup;
        this.review = review;
        this.toMerge = toMerge;
        this.shippedAt = shippedAt;
        this.byKey = byKey;
    }

    /** One merged change of the stream, before sorting. */
    private record Row(ChangeFact change, String id, Instant mergedAt, double coding, double pickup, double review,
            double toMerge, Instant shippedAt) {
    }

    /** Prepares the stream's delivery facts from every change, review and deployment known. */
    public static DeliveryIndex of(ValueStream stream, List<ChangeFact> changes, List<ReviewFact> reviews,
            List<DeploymentFact> deployments) {
        ValueStream vs = ValueStreams.normalized(stream);
        Scope scope = vs.scope();
        Set<String> prodEnvs = Names.keys(vs.productionEnvironments());

        // Shipping deployments: successful production deployments of the stream's services, by commit sha.
        List<DeploymentFact> shipped = new ArrayList<>();
        for (DeploymentFact d : deployments) {
            if (d.success() && d.finishedAt() != null && prodEnvs.contains(Names.key(d.environment()))
                    && Scopes.matchesService(scope, d.service())) {
                shipped.add(d);
            }
        }
        shipped.sort(BY_FINISH);
        Set<String> seenDeployments = new HashSet<>();
        Map<String, List<DeploymentFact>> bySha = new HashMap<>();
        for (DeploymentFact d : shipped) {
            if (d.deploymentId() != null && !seenDeployments.add(d.deploymentId()) || d.commitShas() == null) {
                continue;
            }
            for (String sha : d.commitShas()) {
                if (sha != null && !sha.isBlank()) {
                    bySha.computeIfAbsent(DoraIndex.shaKey(sha), x -> new ArrayList<>(2)).add(d);
                }
            }
        }

        // First qualifying review per change is decided per change below; here: reviews by change, once per id.
        Map<String, List<ReviewFact>> reviewsOf = new HashMap<>();
        Set<String> seenReviews = new HashSet<>();
        for (ReviewFact r : reviews) {
            if (r.changeId() == null || r.submittedAt() == null || r.reviewId() != null && !seenReviews.add(r.reviewId())) {
                continue;
            }
            reviewsOf.computeIfAbsent(r.changeId(), x -> new ArrayList<>(2)).add(r);
        }

        List<Row> rows = new ArrayList<>();
        Map<String, List<Link>> links = new HashMap<>();
        Set<String> seenChanges = new HashSet<>();
        for (ChangeFact c : changes) {
            if (c.mergedAt() == null || c.changeId() != null && !seenChanges.add(c.changeId())) {
                continue;
            }
            DeploymentFact d = c.mergeCommitSha() == null ? null
                    : DoraIndex.shippedBy(c, bySha.get(DoraIndex.shaKey(c.mergeCommitSha())));
            Instant ship = d == null ? null : d.finishedAt();
            for (String key : keysOf(c.workItemKeys())) {
                links.computeIfAbsent(key, x -> new ArrayList<>(1)).add(new Link(c.changeId(), c.mergedAt(), ship));
            }
            if (!Scopes.matchesRepository(scope, c.repository()) || c.createdAt() == null) {
                continue;
            }
            Instant ready = c.readyForReviewAt() != null ? c.readyForReviewAt() : c.createdAt();
            Instant firstReview = firstReview(c, reviewsOf.get(c.changeId()));
            double coding = c.firstCommitAt() == null ? Double.NaN : clamp(Times.seconds(c.firstCommitAt(), ready));
            double pickup = firstReview == null ? Double.NaN : clamp(Times.seconds(ready, firstReview));
            double review = firstReview == null ? Double.NaN : clamp(Times.seconds(firstReview, c.mergedAt()));
            Instant start = c.firstCommitAt() != null ? c.firstCommitAt() : c.createdAt();
            rows.add(new Row(c, c.changeId(), c.mergedAt(), coding, pickup, review, Times.seconds(start, c.mergedAt()),
                    ship));
        }
        rows.sort(Comparator.comparing(Row::mergedAt).thenComparing(Row::id,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        int n = rows.size();
        ChangeFact[] facts = new ChangeFact[n];
        Instant[] merged = new Instant[n];
        double[] coding = new double[n];
        double[] pickup = new double[n];
        double[] review = new double[n];
        double[] toMerge = new double[n];
        Instant[] ship = new Instant[n];
        for (int k = 0; k < n; k++) {
            Row r = rows.get(k);
            facts[k] = r.change();
            merged[k] = r.mergedAt();
            coding[k] = r.coding();
            pickup[k] = r.pickup();
            review[k] = r.review();
            toMerge[k] = r.toMerge();
            ship[k] = r.shippedAt();
        }
        Map<String, Link[]> byKey = new HashMap<>(links.size() * 2);
        links.forEach((key, list) -> {
            Link[] sorted = list.toArray(Link[]::new);
            Arrays.sort(sorted, LINK_ORDER);
            byKey.put(key, sorted);
        });
        return new DeliveryIndex(facts, merged, coding, pickup, review, toMerge, ship, byKey);
    }

    /**
     * The earliest submittedAt of the change's qualifying reviews: any state, by a reviewer other than its author
     * (exact string comparison; a change without an author: every review), submitted at or before mergedAt; null when
     * none.
     */
    static Instant firstReview(ChangeFact c, List<ReviewFact> reviews) {
        if (reviews == null) {
            return null;
        }
        Instant first = null;
        for (ReviewFact r : reviews) {
            if (c.author() != null && c.author().equals(r.reviewer())) {
                continue;
            }
            if (r.submittedAt().isAfter(c.mergedAt())) {
                continue;
            }
            if (first == null || r.submittedAt().isBefore(first)) {
                first = r.submittedAt();
            }
        }
        return first;
    }

    /** The distinct matching keys of a change's work item keys (trimmed, case-insensitive; blanks ignored). */
    static Set<String> keysOf(List<String> keys) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : keys) {
            String key = Names.key(k);
            if (key != null && !key.isEmpty()) {
                out.add(key);
            }
        }
        return out;
    }

    private static double clamp(double seconds) {
        return Math.max(0, seconds);
    }

    /** Merged changes (any repository) linked to a work item key, by mergedAt then change id; empty when none. */
    public Link[] linked(String itemKey) {
        String key = Names.key(itemKey);
        Link[] l = key == null ? null : byKey.get(key);
        return l == null ? new Link[0] : l;
    }

    /** Positions [from, to) of the stream's merged changes. */
    public record Range(int from, int to) {
    }

    /**
     * One merged change's facts as the rules use them; NaN where a phase does not apply. {@code change} is its fact
     * (id, repository, work item keys) for the changes list.
     */
    public record Phases(ChangeFact change, Instant mergedAt, double coding, double pickup, double review,
            double toMerge, Instant shippedAt) {
    }

    /** The positions of the stream's merged changes with mergedAt in [from, to). */
    public Range merged(Instant from, Instant to) {
        int lo = DoraIndex.firstAtOrAfter(mergedAt, from);
        int hi = DoraIndex.firstAtOrAfter(mergedAt, to);
        return new Range(lo, Math.max(lo, hi));
    }

    /** The merged change at a position of {@link #merged(Instant, Instant)}. */
    public Phases phases(int k) {
        return new Phases(changes[k], mergedAt[k], coding[k], pickup[k], review[k], toMerge[k], shippedAt[k]);
    }

    /** Number of distinct work item keys that merged changes name (for benchmarks and tests). */
    public int linkedKeys() {
        return byKey.size();
    }

    /** Number of the stream's merged changes. */
    public int mergedChanges() {
        return mergedAt.length;
    }

    /**
     * When an item whose linked changes are {@code links} is delivered, known as of asOf: the latest shipping
     * finishedAt over its linked changes merged before asOf, when every one of them shipped before asOf; else null
     * (also when none merged before asOf).
     */
    public static Instant deliveredAt(Link[] links, Instant asOf) {
        Instant d = null;
        for (Link l : links) {
            if (!l.mergedAt().isBefore(asOf)) {
                break; // sorted by mergedAt
            }
            if (l.shippedAt() == null || !l.shippedAt().isBefore(asOf)) {
                return null;
            }
            if (d == null || l.shippedAt().isAfter(d)) {
                d = l.shippedAt();
            }
        }
        return d;
    }
}
