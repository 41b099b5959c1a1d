package dev.flowlens.metrics.view;

import dev.flowlens.metrics.calc.ChangeFact;
import dev.flowlens.metrics.calc.DeploymentFact;
import dev.flowlens.metrics.calc.DoraIndex;
import dev.flowlens.metrics.calc.IncidentFact;
import dev.flowlens.metrics.calc.StatusHistory;
import dev.flowlens.metrics.calc.StatusIndex;
import dev.flowlens.metrics.calc.Timeline;
import dev.flowlens.metrics.calc.ValueStream;
import dev.flowlens.metrics.calc.WindowIndex;
import dev.flowlens.metrics.calc.WorkItemFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The facts in memory and the per-stream views built from them, maintained incrementally: a changed item is rebuilt
 * once (its {@link StatusHistory}, shared by every stream) and swapped into each stream whose scope it passes; a
 * changed stream definition rebuilds that stream's view; a changed DORA fact re-prepares the DORA index of each stream
 * whose scope it is in.
 * Pure (no I/O; one log line if a day index ever had to be rebuilt). Not thread-safe: one writer applies batches and {@link #publish() publishes} immutable snapshots
 * that any number of readers use.
 */
public final class ViewState {
    private static final Logger LOG = Logger.getLogger(ViewState.class);
    private final Map<String, String> interned = new HashMap<>();
    private final Map<String, StatusHistory> items = new HashMap<>();
    private final Map<String, ChangeFact> changes = new HashMap<>();
    private final Map<String, DeploymentFact> deployments = new HashMap<>();
    private final Map<String, IncidentFact> incidents = new HashMap<>();
    private final Map<String, StreamState> streams = new HashMap<>();
    private boolean streamSetChanged = true;
    private boolean itemsChanged = true;
    private ViewSnapshot published = ViewSnapshot.EMPTY;
    private int indexRebuilds;

    /**
     * One stream's mutable view: its timelines by item, kept in a list with O(1) swap-removal, and the day index
     * built from them (each changed item leaves the index with its old timeline and enters it with the new one).
     */
    private static final class StreamState {
        final ValueStream stream;
        final StatusIndex index;
        WindowIndex.Builder windows;
        final Map<String, Integer> slot = new HashMap<>();
        final ArrayList<Timeline> timelines = new ArrayList<>();
        boolean timelinesChanged = true;
        boolean doraChanged = true;
        StreamView view;

        StreamState(ValueStream stream) {
            this.stream = stream;
            this.index = StatusIndex.of(stream);
            this.windows = new WindowIndex.Builder(index);
        }

        void put(StatusHistory history) {
            if (!stream.scope().matchesItem(history.item())) {
                remove(history.item().itemId());
                return;
            }
            Timeline tl = history.in(index);
            Integer at = slot.get(history.item().itemId());
            windows.add(tl);
            if (at != null) {
                windows.remove(timelines.set(at, tl));
            } else {
                slot.put(history.item().itemId(), timelines.size());
                timelines.add(tl);
            }
            timelinesChanged = true;
        }

        void remove(String itemId) {
            Integer at = slot.remove(itemId);
            if (at == null) {
                return;
            }
            windows.remove(timelines.get(at));
            Timeline last = timelines.remove(timelines.size() - 1);
            if (at < timelines.size()) {
                timelines.set(at, last);
                slot.put(last.item().itemId(), at);
            }
            timelinesChanged = true;
        }
    }

    /** Applies a batch (idempotent). Readers see it after {@link #publish()}. */
    public void apply(FactBatch batch) {
        for (String id : batch.deletedStreams()) {
            if (streams.remove(id) != null) {
                streamSetChanged = true;
            }
        }
        for (ValueStream vs : batch.streams()) {
            ValueStream n = vs.normalized();
            StreamState old = streams.get(n.id());
            if (old != null && old.stream.equals(n)) {
                continue;
            }
            StreamState state = new StreamState(n);
            for (StatusHistory h : items.values()) {
                state.put(h);
            }
            streams.put(n.id(), state);
            streamSetChanged = true;
        }
        for (String id : batch.removedItems()) {
            if (items.remove(id) != null) {
                itemsChanged = true;
                for (StreamState s : streams.values()) {
                    s.remove(id);
                }
            }
        }
        for (WorkItemFacts f : batch.items()) {
            StatusHistory h = StatusHistory.of(new WorkItemFacts(f.itemId(), f.key(), f.title(), f.itemType(),
                    intern(f.project()), intern(f.team()), intern(f.status()), f.createdAt(), f.url(),
                    f.transitions()), this::intern);
            StatusHistory old = items.put(f.itemId(), h);
            if (old != null && old.sameAs(h)) {
                items.put(f.itemId(), old); // read again by an overlapping poll: nothing to rebuild
                continue;
            }
            itemsChanged = true;
            for (StreamState s : streams.values()) {
                s.put(h);
            }
        }
        // A changed DORA fact re-prepares only the streams whose scope it is (or was) in: rebuilding every stream's
        // index for every deployment anywhere cost O(streams x facts) per poll.
        for (ChangeFact c : batch.changes()) {
            ChangeFact old = changes.put(c.changeId(), c);
            if (!c.equals(old)) {
                for (StreamState s : streams.values()) {
                    s.doraChanged |= s.stream.scope().matchesRepository(c.repository())
                            || old != null && s.stream.scope().matchesRepository(old.repository());
                }
            }
        }
        for (DeploymentFact d : batch.deployments()) {
            DeploymentFact old = deployments.put(d.deploymentId(), d);
            if (!d.equals(old)) {
                for (StreamState s : streams.values()) {
                    s.doraChanged |= s.stream.scope().matchesService(d.service())
                            || old != null && s.stream.scope().matchesService(old.service());
                }
            }
        }
        for (IncidentFact i : batch.incidents()) {
            IncidentFact old = incidents.put(i.incidentId(), i);
            if (!i.equals(old)) {
                // an incident counts toward the deployment it blames whatever its service: then any stream may see it
                boolean blames = i.causedByDeploymentId() != null || old != null && old.causedByDeploymentId() != null;
                for (StreamState s : streams.values()) {
                    s.doraChanged |= blames || s.stream.scope().matchesService(i.service())
                            || old != null && s.stream.scope().matchesService(old.service());
                }
            }
        }
    }

    /** Publishes what changed since the last call as a new immutable snapshot (the same one if nothing did). */
    public ViewSnapshot publish() {
        boolean changed = streamSetChanged || itemsChanged;
        List<ChangeFact> allChanges = null;
        List<DeploymentFact> allDeployments = null;
        List<IncidentFact> allIncidents = null;
        for (StreamState s : streams.values()) {
            if (!s.timelinesChanged && !s.doraChanged && s.view != null) {
                continue;
            }
            DoraIndex dora = s.view == null ? null : s.view.dora();
            if (s.doraChanged || dora == null) {
                if (allChanges == null) {
                    allChanges = List.copyOf(changes.values());
                    allDeployments = List.copyOf(deployments.values());
                    allIncidents = List.copyOf(incidents.values());
                }
                dora = DoraIndex.of(s.stream, allChanges, allDeployments, allIncidents);
            }
            boolean rebuilt = s.timelinesChanged || s.view == null;
            List<Timeline> timelines = rebuilt ? List.copyOf(s.timelines) : s.view.timelines();
            WindowIndex windows = rebuilt ? windows(s) : s.view.windows();
            s.view = new StreamView(s.stream, s.index, timelines, windows, dora);
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
            s.timelines.forEach(s.windows::add);
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
