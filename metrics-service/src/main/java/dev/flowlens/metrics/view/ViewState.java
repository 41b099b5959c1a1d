package dev.flowlens.metrics.view;

import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Scopes;
import dev.flowlens.metrics.calc.ValueStreams;
import dev.flowlens.metrics.calc.fact.ChangeFact;
import dev.flowlens.metrics.calc.fact.DeploymentFact;
import dev.flowlens.metrics.calc.fact.IncidentFact;
import dev.flowlens.metrics.calc.fact.ReviewFact;
import dev.flowlens.metrics.calc.fact.WorkItemFacts;
import dev.flowlens.metrics.calc.index.WindowIndex;
import dev.flowlens.metrics.calc.timeline.StatusCodes;
import dev.flowlens.metrics.calc.timeline.StatusHistory;
import dev.flowlens.metrics.calc.timeline.StatusIndex;
import dev.flowlens.metrics.calc.timeline.StatusTable;
import dev.flowlens.metrics.calc.timeline.Timeline;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.jboss.logging.Logger;

/**
 * The facts in memory and the per-stream views built from them, maintained incrementally: a changed item is rebuilt
 * once (its {@link StatusHistory}, shared by every stream) and swapped into each stream whose scope it passes; a
 * changed stream definition rebuilds that stream's view; a changed DORA fact gives each stream whose scope it is in
 * new DORA facts, prepared when first read ({@link DoraFacts}).
 * Pure (no I/O; one log line if a day index ever had to be rebuilt). Not thread-safe: one writer applies batches and {@link #publish() publishes} immutable snapshots
 * that any number of readers use.
 *
 * <p><b>Scoped</b> ({@link #scoped()}, what {@link FactCache} uses): only items that some stream's scope takes are
 * held; an item that no scope takes is dropped (or never held), and so are the items a deleted or narrowed stream
 * leaves to no one. A stream that is new, or whose item scope changed, starts with the items already held: the
 * caller asks {@link #streamsToLoad} before applying it and applies the items of those scopes (from the database)
 * before the next {@link #publish()}, so no snapshot shows the stream with part of its items. Unscoped (the default,
 * for benchmarks and tests that feed every item): every item applied is held.
 */
public final class ViewState {
    private static final Logger LOG = Logger.getLogger(ViewState.class);
    private final Map<String, String> interned = new HashMap<>();
    private final ItemMap items = new ItemMap();
    /** Status spellings of every item, numbered (histories keep ordinals). */
    private final StatusTable table = new StatusTable();
    /**
     * Slots of removed items, for reuse: slots are 0 .. items + free - 1, so no stream's positions
     * ({@link SlotPositions}) reach past the most items ever held.
     */
    private final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();
    /** DORA facts by id, each kind with snapshots that cost no copy of its facts ({@link FactSet}). */
    private final FactSet<ChangeFact> changes = new FactSet<>(ChangeFact::changeId);
    private final FactSet<DeploymentFact> deployments = new FactSet<>(DeploymentFact::deploymentId);
    private final FactSet<IncidentFact> incidents = new FactSet<>(IncidentFact::incidentId);
    private final FactSet<ReviewFact> reviews = new FactSet<>(ReviewFact::reviewId);
    /**
     * A change, review or deployment changed since the last publish: every stream gets new delivery facts (idea to
     * production links changes of any repository, so no scope narrows it; preparing is lazy, so this costs nothing
     * until a reader asks).
     */
    private boolean deliveryChanged = true;
    private final Map<String, StreamState> streams = new HashMap<>();
    private boolean streamSetChanged = true;
    private boolean itemsChanged = true;
    private ViewSnapshot published = ViewSnapshot.EMPTY;
    private int indexRebuilds;
    /** Holds only the items some stream's scope takes. */
    private final boolean scoped;

    /** A state that holds every item applied. */
    public ViewState() {
        this(false);
    }

    private ViewState(boolean scoped) {
        this.scoped = scoped;
    }

    /** A state that holds only the items some stream's scope takes (see the class comment). */
    public static ViewState scoped() {
        return new ViewState(true);
    }

    /**
     * The streams of a batch (normalized) that would need items this state does not hold: new ones, and ones whose
     * item scope (projects, teams, item types) changed. Empty when unscoped, which holds every item anyway. Ask before
     * applying the batch.
     */
    public List<ValueStream> streamsToLoad(FactBatch batch) {
        List<ValueStream> out = new java.util.ArrayList<>();
        if (!scoped) {
            return out;
        }
        for (ValueStream vs : batch.streams()) {
            ValueStream n = ValueStreams.normalized(vs);
            StreamState old = streams.get(n.id());
            if (old == null || !sameItemScope(old.stream, n)) {
                out.add(n);
            }
        }
        return out;
    }

    private static boolean sameItemScope(ValueStream a, ValueStream b) {
        return a.scope().projects().equals(b.scope().projects()) && a.scope().teams().equals(b.scope().teams())
                && a.scope().itemTypes().equals(b.scope().itemTypes());
    }

    /** True if this state holds items of this project, team and type: unscoped, or some stream's scope takes them. */
    public boolean wanted(String project, String team, dev.flowlens.events.ItemType itemType) {
        if (!scoped) {
            return true;
        }
        for (StreamState s : streams.values()) {
            if (Scopes.matchesItem(s.stream.scope(), project, team, itemType)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Forgets streams whose items could not all be applied (a load that failed half way): they are no longer held, so
     * the next batch that brings them asks for their items again ({@link #streamsToLoad}); items only they took are
     * dropped. Nothing is published.
     */
    public void forgetStreams(List<String> ids) {
        boolean any = false;
        for (String id : ids) {
            any |= streams.remove(id) != null;
        }
        if (any) {
            streamSetChanged = true;
            dropUnwanted();
        }
    }

    /** Scoped: drops the held items that no stream's scope takes any more. */
    private void dropUnwanted() {
        if (!scoped) {
            return;
        }
        List<StatusHistory> unwanted = new java.util.ArrayList<>();
        for (StatusHistory h : items.values()) {
            if (!wanted(h.project(), h.team(), h.itemType())) {
                unwanted.add(h);
            }
        }
        for (StatusHistory h : unwanted) {
            removeItem(h.itemId());
        }
    }

    private void removeItem(String id) {
        StatusHistory gone = items.remove(id);
        if (gone != null) {
            itemsChanged = true;
            for (StreamState s : streams.values()) {
                s.remove(gone.slot());
            }
            freeSlots.add(gone.slot());
        }
    }

    /**
     * One stream's mutable view: its items' histories, kept in a list with O(1) swap-removal (each in-scope item's
     * position by its slot, {@link StatusHistory#slot()}), the stream's codes by status ordinal (shared by its
     * timelines), and the day index built from the timelines (each changed item leaves the index with its old timeline
     * and enters it with the new one). Timelines are made when used ({@link StreamState#timelines()}): none is kept.
     */
    private static final class StreamState {
        final ValueStream stream;
        final StatusIndex index;
        final StatusCodes codes;
        WindowIndex.Builder windows;
        /** By item slot: the item's position in {@link #members}. */
        final SlotPositions position = new SlotPositions();
        /** Published without a copy of every history ({@link ChunkedList#snapshot()}). */
        final ChunkedList<StatusHistory> members = new ChunkedList<>();
        boolean timelinesChanged = true;
        boolean doraChanged = true;
        StreamView view;

        StreamState(ValueStream stream, StatusTable table) {
            this.stream = stream;
            this.index = StatusIndex.of(stream);
            this.codes = new StatusCodes(index, table);
            this.windows = new WindowIndex.Builder(index);
        }

        void put(StatusHistory history) {
            if (!Scopes.matchesItem(stream.scope(), history.project(), history.team(), history.itemType())) {
                remove(history.slot());
                return;
            }
            int slot = history.slot();
            int at = position.get(slot);
            windows.add(history.in(index, codes));
            if (at >= 0) {
                windows.remove(members.set(at, history).in(index, codes));
            } else {
                members.add(history);
                position.put(slot, members.size() - 1);
            }
            timelinesChanged = true;
        }

        void remove(int slot) {
            int at = position.get(slot);
            if (at < 0) {
                return;
            }
            position.remove(slot);
            windows.remove(members.get(at).in(index, codes));
            StatusHistory last = members.removeLast();
            if (at < members.size()) {
                members.set(at, last);
                position.put(last.slot(), at);
            }
            timelinesChanged = true;
        }

        /** The timelines of the members as of now (unaffected by later changes). */
        List<Timeline> timelines() {
            return codes.timelines(members.snapshot());
        }
    }

    /** Applies a batch (idempotent). Readers see it after {@link #publish()}. */
    public void apply(FactBatch batch) {
        applyReviews(batch);
        boolean narrowed = false;
        for (String id : batch.deletedStreams()) {
            if (streams.remove(id) != null) {
                streamSetChanged = true;
                narrowed = true;
            }
        }
        for (ValueStream vs : batch.streams()) {
            ValueStream n = ValueStreams.normalized(vs);
            StreamState old = streams.get(n.id());
            if (old != null && old.stream.equals(n)) {
                continue;
            }
            narrowed |= old != null && !sameItemScope(old.stream, n);
            StreamState state = new StreamState(n, table);
            for (StatusHistory h : items.values()) {
                state.put(h);
            }
            streams.put(n.id(), state);
            streamSetChanged = true;
        }
        if (narrowed) {
            dropUnwanted();
        }
        for (String id : batch.removedItems()) {
            removeItem(id);
        }
        for (WorkItemFacts f : batch.items()) {
            putItem(f, slot -> StatusHistory.of(f, table, slot, this::intern));
        }
        // A changed DORA fact re-prepares only the streams whose scope it is (or was) in: rebuilding every stream's
        // index for every deployment anywhere cost O(streams x facts) per poll.
        for (ChangeFact c : batch.changes()) {
            ChangeFact old = changes.put(c);
            if (!c.equals(old)) {
                deliveryChanged = true;
                for (StreamState s : streams.values()) {
                    s.doraChanged |= Scopes.matchesRepository(s.stream.scope(), c.repository())
                            || old != null && Scopes.matchesRepository(s.stream.scope(), old.repository());
                }
            }
        }
        for (DeploymentFact d : batch.deployments()) {
            DeploymentFact old = deployments.put(d);
            if (!d.equals(old)) {
                deliveryChanged = true;
                for (StreamState s : streams.values()) {
                    s.doraChanged |= Scopes.matchesService(s.stream.scope(), d.service())
                            || old != null && Scopes.matchesService(s.stream.scope(), old.service());
                }
            }
        }
        for (IncidentFact i : batch.incidents()) {
            IncidentFact old = incidents.put(i);
            if (!i.equals(old)) {
                // an incident counts toward the deployment it blames whatever its service: then any stream may see it
                boolean blames = i.causedByDeploymentId() != null || old != null && old.causedByDeploymentId() != null;
                for (StreamState s : streams.values()) {
                    s.doraChanged |= blames || Scopes.matchesService(s.stream.scope(), i.service())
                            || old != null && Scopes.matchesService(s.stream.scope(), old.service());
                }
            }
        }
    }

    /**
     * Applies one live item whose transitions come as arrays already in order of application and de-duplicated (see
     * {@link StatusHistory#ofOrdered}; {@code item.transitions()} is not read), as {@link #apply} applies a batch of
     * one item: the fact cache's loads, which read them so from PostgreSQL.
     */
    public void applyOrdered(WorkItemFacts item, long[] atMicros, String[] froms, String[] tos, int from, int to) {
        putItem(item, slot -> StatusHistory.ofOrdered(item, atMicros, froms, tos, from, to, table, slot,
                this::intern));
    }

    /** One live item, its history built by {@code build} for the item's slot. */
    private void putItem(WorkItemFacts f, IntFunction<StatusHistory> build) {
        if (!wanted(f.project(), f.team(), f.itemType())) {
            removeItem(f.itemId()); // held before a change took it out of every scope
            return;
        }
        StatusHistory old = items.get(f.itemId());
        boolean fresh = old == null;
        int slot = fresh ? (freeSlots.isEmpty() ? items.size() + freeSlots.size() : freeSlots.peekLast())
                : old.slot();
        StatusHistory h = build.apply(slot);
        if (!fresh && old.sameAs(h)) {
            return; // read again by an overlapping poll: nothing to rebuild
        }
        if (fresh && !freeSlots.isEmpty()) {
            freeSlots.pollLast();
        }
        items.put(h, f.itemId());
        itemsChanged = true;
        for (StreamState s : streams.values()) {
            s.put(h);
        }
    }

    /** Applies a batch's reviews (part of {@link #apply(FactBatch)}). */
    private void applyReviews(FactBatch batch) {
        for (ReviewFact r : batch.reviews()) {
            if (!r.equals(reviews.put(r))) {
                deliveryChanged = true;
            }
        }
    }

    /** Publishes what changed since the last call as a new immutable snapshot (the same one if nothing did). */
    public ViewSnapshot publish() {
        boolean changed = streamSetChanged || itemsChanged || deliveryChanged;
        List<ChangeFact> deliveryChanges = deliveryChanged ? changes.snapshot() : null;
        List<ReviewFact> deliveryReviews = deliveryChanged ? reviews.snapshot() : null;
        List<DeploymentFact> deliveryDeployments = deliveryChanged ? deployments.snapshot() : null;
        List<ChangeFact> allChanges = null;
        List<DeploymentFact> allDeployments = null;
        List<IncidentFact> allIncidents = null;
        for (StreamState s : streams.values()) {
            if (!s.timelinesChanged && !s.doraChanged && !deliveryChanged && s.view != null) {
                continue;
            }
            DoraFacts dora = s.view == null ? null : s.view.doraFacts();
            if (s.doraChanged || dora == null) {
                if (allChanges == null) {
                    allChanges = changes.snapshot();
                    allDeployments = deployments.snapshot();
                    allIncidents = incidents.snapshot();
                }
                // prepared by the first reader that asks (DoraFacts), not by every poll
                // FactSet: one fact per id
                dora = DoraFacts.pending(s.stream, allChanges, allDeployments, allIncidents, true);
            }
            boolean rebuilt = s.timelinesChanged || s.view == null;
            List<Timeline> timelines = rebuilt ? s.timelines() : s.view.timelines();
            WindowIndex windows = rebuilt ? windows(s) : s.view.windows();
            DeliveryFacts delivery = deliveryChanged || s.view == null
                    ? DeliveryFacts.pending(s.stream, deliveryChanges != null ? deliveryChanges : changes.snapshot(),
                            deliveryReviews != null ? deliveryReviews : reviews.snapshot(),
                            deliveryDeployments != null ? deliveryDeployments : deployments.snapshot(), timelines)
                    : rebuilt ? DeliveryFacts.withTimelines(s.view.deliveryFacts(), timelines)
                    : s.view.deliveryFacts();
            s.view = new StreamView(s.stream, s.index, timelines, windows, dora, delivery);
            s.timelinesChanged = false;
            s.doraChanged = false;
            changed = true;
        }
        if (changed) {
            Map<String, StreamView> views = new HashMap<>();
            streams.forEach((id, s) -> views.put(id, s.view));
            published = new ViewSnapshot(Map.copyOf(views), items.size(), published.version() + 1);
            streamSetChanged = false;
            itemsChanged = false;
            deliveryChanged = false;
        }
        return published;
    }

    /**
     * The stream's day index as of now. Removing a changed item's old records cannot miss unless the index and the
     * timelines disagree (a bug); should it happen, the stream's index is rebuilt from its timelines rather than the
     * poller stopping, and {@link #indexRebuilds()} counts it.
     */
    private WindowIndex windows(StreamState s) {
        try {
            return s.windows.build();
        } catch (IllegalStateException e) {
            indexRebuilds++;
            LOG.errorf(e, "value stream %s: day index out of step with its timelines, rebuilt", s.stream.id());
            s.windows = new WindowIndex.Builder(s.index);
            s.timelines().forEach(s.windows::add);
            return s.windows.build();
        }
    }

    /** How many times a stream's day index had to be rebuilt from its timelines (0 unless there is a bug). */
    public int indexRebuilds() {
        return indexRebuilds;
    }

    /** The last published snapshot. */
    public ViewSnapshot snapshot() {
        return published;
    }

    /**
     * A hint that about {@code items} items in all are coming (a first load: the rows it will read): the item table is
     * sized for them at once. Items that no scope takes are not held, so the table may be larger than the items need,
     * by 7 to 13 bytes per row not held (a slot is a reference and a byte, at most 3/4 of slots used); it grows past
     * the hint as usual.
     */
    public void expectItems(long items) {
        this.items.ensureCapacity(items);
    }

    /** Number of live items held. */
    public int itemCount() {
        return items.size();
    }

    private String intern(String s) {
        if (s == null) {
            return null;
        }
        String known = interned.putIfAbsent(s, s);
        return known != null ? known : s;
    }
}
