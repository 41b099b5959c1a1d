package dev.flowlens.metrics.calc;

import dev.flowlens.internalapi.metrics.IncidentAttribution;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.Sle;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageInput;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.internalapi.metrics.ValueStreamInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * metrics-service's rules for a value stream (METRICS.md "Value stream"), as functions over the internal API's
 * {@link ValueStream} record (written once, in internal-api): the input it is saved from, its normal form, the
 * group paths, and its user-facing checks.
 */
public final class ValueStreams {

    private ValueStreams() {
    }

    /**
     * The stream a {@code PUT /internal/v1/value-streams} body describes, as given (null stages and statuses stay,
     * for {@link #validate(ValueStream)} to name them).
     */
    public static ValueStream of(ValueStreamInput input) {
        List<Stage> stages = null;
        if (input.stages() != null) {
            stages = new ArrayList<>(input.stages().size());
            for (StageInput s : input.stages()) {
                stages.add(s == null ? null : new Stage(s.name(), s.statuses(), s.kind(), s.wipLimit()));
            }
        }
        Scope scope = input.scope() == null ? null : new Scope(input.scope().projects(), input.scope().teams(),
                input.scope().itemTypes(), input.scope().services(), input.scope().repositories());
        IncidentAttribution attribution = input.incidentAttribution() == null ? null
                : new IncidentAttribution(input.incidentAttribution().windowHours());
        Sle sle = input.sle() == null ? null : new Sle(input.sle().days(), input.sle().percentile());
        return new ValueStream(input.id(), input.name(), scope, stages, input.doneStatuses(),
                input.productionEnvironments(), input.visibleToGroups(), attribution, sle);
    }

    /** The longest incident attribution window: a year (METRICS.md "DORA v2" sets no bound; a year is plenty). */
    public static final int MAX_ATTRIBUTION_WINDOW_HOURS = 8760;

    /** Used when a stream names no production environment. */
    public static final List<String> DEFAULT_PRODUCTION_ENVIRONMENTS = List.of("production", "prod");

    /**
     * The stream with null lists (and a null scope) replaced by empty ones, null or empty
     * productionEnvironments replaced by {@link #DEFAULT_PRODUCTION_ENVIRONMENTS}, and each of visibleToGroups as a
     * full group path ({@link #groupPath(String)}).
     */
    public static ValueStream normalized(ValueStream stream) {
        List<String> productionEnvironments = stream.productionEnvironments();
        List<Stage> stages = stream.stages();
        Scope scope = stream.scope();
        List<String> doneStatuses = stream.doneStatuses();
        List<String> visibleToGroups = stream.visibleToGroups();
        List<String> envs = productionEnvironments == null || productionEnvironments.isEmpty()
                ? DEFAULT_PRODUCTION_ENVIRONMENTS : productionEnvironments;
        List<Stage> normalizedStages = new ArrayList<>();
        if (stages != null) {
            for (Stage s : stages) {
                normalizedStages.add(s == null ? null
                        : new Stage(s.name(), s.statuses() == null ? List.of() : s.statuses(), s.kind(), s.wipLimit()));
            }
        }
        return new ValueStream(stream.id(), stream.name(), scope == null ? Scope.all() : scope,
                List.copyOf(normalizedStages.stream().filter(s -> s != null).toList()),
                doneStatuses == null ? List.of() : doneStatuses, envs,
                visibleToGroups == null ? List.of() : visibleToGroups.stream().map(ValueStreams::groupPath).toList(),
                stream.incidentAttribution(), stream.sle());
    }

    /**
     * A group of visibleToGroups as the full path of a Keycloak group, which is what the tokens' groups claim carries:
     * "/payments", "/ops/payments". A name without a leading slash, as streams were saved before paths, means the
     * top-level group of that name: "payments" is "/payments". Blank stays blank (and invalid); null stays null.
     */
    public static String groupPath(String group) {
        if (group == null || group.isBlank()) {
            return group;
        }
        String trimmed = group.trim();
        return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    }

    /**
     * User-facing errors of this definition, each naming the field; empty when the stream can be saved.
     * Checks: a name, at least one stage, each stage with a name, a kind and statuses, unique stage names, a status
     * in one stage at most and not also done (all case-insensitive after trimming), at least one done status,
     * no blank status names, no blank group, an incident attribution window of 0..{@value #MAX_ATTRIBUTION_WINDOW_HOURS}
     * hours, a wipLimit &gt;= 0, an SLE with 0 &lt; days &lt;= 3650 and a percentile in 1..100.
     */
    public static List<String> validate(ValueStream stream) {
        String name = stream.name();
        List<Stage> stages = stream.stages();
        List<String> doneStatuses = stream.doneStatuses();
        List<String> productionEnvironments = stream.productionEnvironments();
        List<String> visibleToGroups = stream.visibleToGroups();
        List<String> errors = new ArrayList<>();
        if (name == null || name.isBlank()) {
            errors.add("name must not be empty");
        }
        if (stages == null || stages.isEmpty()) {
            errors.add("stages must not be empty");
        }
        Map<String, Integer> stageByName = new HashMap<>();
        Map<String, String> stageOfStatus = new HashMap<>();
        if (stages != null) {
            for (int i = 0; i < stages.size(); i++) {
                Stage s = stages.get(i);
                String at = "stages[" + i + "]";
                if (s == null) {
                    errors.add(at + " must not be null");
                    continue;
                }
                if (s.name() == null || s.name().isBlank()) {
                    errors.add(at + ".name must not be empty");
                } else {
                    Integer previous = stageByName.putIfAbsent(Names.key(s.name()), i);
                    if (previous != null) {
                        errors.add(at + ".name: '" + s.name() + "' is already the name of stages[" + previous + "]");
                    }
                }
                if (s.kind() == null) {
                    errors.add(at + ".kind must be ACTIVE or WAITING");
                }
                if (s.wipLimit() != null && s.wipLimit() < 0) {
                    errors.add(at + ".wipLimit must be >= 0 (or omitted for no limit), not " + s.wipLimit());
                }
                if (s.statuses() == null || s.statuses().isEmpty()) {
                    errors.add(at + ".statuses must not be empty");
                    continue;
                }
                for (int j = 0; j < s.statuses().size(); j++) {
                    String status = s.statuses().get(j);
                    if (status == null || status.isBlank()) {
                        errors.add(at + ".statuses[" + j + "] must not be empty");
                        continue;
                    }
                    String owner = stageOfStatus.putIfAbsent(Names.key(status), at + " '" + s.name() + "'");
                    if (owner != null) {
                        if (owner.startsWith(at + " ")) {
                            errors.add(at + ".statuses[" + j + "]: '" + status + "' is listed twice");
                        } else {
                            errors.add(at + ".statuses[" + j + "]: '" + status + "' already belongs to " + owner);
                        }
                    }
                }
            }
        }
        if (doneStatuses == null || doneStatuses.isEmpty()) {
            errors.add("doneStatuses must not be empty");
        } else {
            for (int j = 0; j < doneStatuses.size(); j++) {
                String status = doneStatuses.get(j);
                if (status == null || status.isBlank()) {
                    errors.add("doneStatuses[" + j + "] must not be empty");
                    continue;
                }
                String owner = stageOfStatus.get(Names.key(status));
                if (owner != null) {
                    errors.add("doneStatuses[" + j + "]: '" + status + "' is also a status of " + owner);
                }
            }
        }
        if (productionEnvironments != null) {
            for (int j = 0; j < productionEnvironments.size(); j++) {
                String env = productionEnvironments.get(j);
                if (env == null || env.isBlank()) {
                    errors.add("productionEnvironments[" + j + "] must not be empty");
                }
            }
        }
        if (visibleToGroups != null) {
            for (int j = 0; j < visibleToGroups.size(); j++) {
                String group = visibleToGroups.get(j);
                if (group == null || group.isBlank() || group.trim().equals("/")) {
                    errors.add("visibleToGroups[" + j + "] must name a group (a path like /payments)");
                }
            }
        }
        IncidentAttribution attribution = stream.incidentAttribution();
        if (attribution != null && (attribution.windowHours() < 0
                || attribution.windowHours() > MAX_ATTRIBUTION_WINDOW_HOURS)) {
            errors.add("incidentAttribution.windowHours must be between 0 and " + MAX_ATTRIBUTION_WINDOW_HOURS
                    + " (hours), not " + attribution.windowHours());
        }
        validateSle(stream.sle(), errors);
        return errors;
    }

    /** The longest SLE accepted, in days (ten years): keeps every SLE instant far inside the calculators' range. */
    public static final double MAX_SLE_DAYS = 3650;

    /** An SLE, when set, needs 0 &lt; days &lt;= {@link #MAX_SLE_DAYS} and a percentile in 1..100. */
    private static void validateSle(Sle sle, List<String> errors) {
        if (sle == null) {
            return;
        }
        Double days = sle.days();
        if (days == null) {
            errors.add("sle.days must be given");
        } else if (!(days > 0) || days > MAX_SLE_DAYS) {
            errors.add("sle.days must be > 0 and at most " + (int) MAX_SLE_DAYS + ", not " + days);
        }
        Integer percentile = sle.percentile();
        if (percentile == null) {
            errors.add("sle.percentile must be given");
        } else if (percentile < 1 || percentile > 100) {
            errors.add("sle.percentile must be between 1 and 100, not " + percentile);
        }
    }
}
