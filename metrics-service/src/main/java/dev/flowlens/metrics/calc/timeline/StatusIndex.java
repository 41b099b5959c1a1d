package dev.flowlens.metrics.calc.timeline;

import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageKind;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.Names;
import dev.flowlens.metrics.calc.ValueStreams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status lookups of one value stream, built once: status (case-insensitive, trimmed) to stage and category.
 * Thread-safe; raw status spellings are cached so each distinct spelling is normalised once.
 */
public final class StatusIndex {
    /** Stage index of a status that is in no stage. */
    public static final int NO_STAGE = -1;

    private final ValueStream stream;
    private final List<Stage> stages;
    private final Map<String, Integer> stageByKey = new HashMap<>();
    private final java.util.Set<String> doneKeys;
    private final Map<String, Integer> codeByRaw = new ConcurrentHashMap<>();
    private final StatusCategory[] stageCategories;

    private StatusIndex(ValueStream stream) {
        this.stream = ValueStreams.normalized(stream);
        this.stages = List.copyOf(this.stream.stages());
        for (int i = 0; i < stages.size(); i++) {
            for (String status : stages.get(i).statuses()) {
                if (status != null) {
                    // First stage wins if an invalid stream lists a status twice.
                    stageByKey.putIfAbsent(Names.key(status), i);
                }
            }
        }
        this.doneKeys = Names.keys(this.stream.doneStatuses());
        for (String k : stageByKey.keySet()) {
            doneKeys.remove(k); // a status in a stage is never done (invalid streams only)
        }
        this.stageCategories = new StatusCategory[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            stageCategories[i] = stages.get(i).kind() == StageKind.WAITING ? StatusCategory.WAITING
                    : StatusCategory.ACTIVE;
        }
    }

    /** Builds the lookups of a value stream (normalised first). */
    public static StatusIndex of(ValueStream stream) {
        return new StatusIndex(stream);
    }

    /** The normalised value stream. */
    public ValueStream stream() {
        return stream;
    }

    /** The stages in order. */
    public List<Stage> stages() {
        return stages;
    }

    /** The stage names in order. */
    public List<String> stageNames() {
        List<String> names = new ArrayList<>(stages.size());
        for (Stage s : stages) {
            names.add(s.name());
        }
        return names;
    }

    /** Stage index of a status, or {@link #NO_STAGE}. */
    public int stageOf(String status) {
        int code = code(status);
        return code >= 0 ? code : NO_STAGE;
    }

    /** Category of a status; null (unknown initial status) and statuses in nothing are NEW. */
    public StatusCategory categoryOf(String status) {
        int code = code(status);
        if (code >= 0) {
            return stages.get(code).kind() == StageKind.WAITING ? StatusCategory.WAITING : StatusCategory.ACTIVE;
        }
        return code == DONE_CODE ? StatusCategory.DONE : StatusCategory.NEW;
    }

    private static final int NEW_CODE = Timeline.NEW_CODE;
    private static final int DONE_CODE = Timeline.DONE_CODE;

    /** Category of each stage, by stage index (shared, do not modify). */
    public StatusCategory[] stageCategories() {
        return stageCategories;
    }

    /** The stage index of a status (&gt;= 0), or {@code Timeline.NEW_CODE} or {@code Timeline.DONE_CODE}. */
    int code(String status) {
        if (status == null) {
            return NEW_CODE;
        }
        Integer cached = codeByRaw.get(status);
        if (cached != null) {
            return cached;
        }
        String key = Names.key(status);
        Integer stage = stageByKey.get(key);
        int code = stage != null ? stage : doneKeys.contains(key) ? DONE_CODE : NEW_CODE;
        if (codeByRaw.size() < 100_000) {
            codeByRaw.put(status, code);
        }
        return code;
    }
}
