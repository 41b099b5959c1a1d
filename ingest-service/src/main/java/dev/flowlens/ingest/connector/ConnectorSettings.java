package dev.flowlens.ingest.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.events.ItemType;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What every tool's mapper needs to know about one connector. The mapping options live in the
 * connector's {@code settings} JSON ({@link MappingOptions}; all optional, the defaults are those of EVENTS.md).
 *
 * @param id                     the connector id (also in its webhook URL)
 * @param kind                   the tool
 * @param name                   a display name
 * @param baseUrl                the tool's base URL, e.g. {@code https://acme.atlassian.net}
 * @param selector               GitHub/GitLab: comma-separated repositories; Jira: a JQL filter
 * @param itemTypes              normalised tool type or label name -> itemType
 * @param incidentLabels         normalised labels or issue types that make an issue an incident
 * @param productionEnvironments environment names that count as production (case-insensitive)
 * @param productionTiers        GitLab deployment tiers that count as production
 * @param keyPattern             the work item keys a change mentions (title, branch, body)
 * @param causePattern           the deployment an incident names as its cause: group 1 is the
 *                               deployment number, or a canonical deployment id when it holds a ':'
 * @param deploymentWorkflows    GitHub: the workflows whose completed runs are deployments (none by default)
 * @param deploymentPipelines    GitLab: the pipelines (by ref) that are deployments (none by default)
 * @param serviceNames           PagerDuty/Opsgenie: the tool's service (id or name) -> the Flowlens service an
 *                               incident is about (unmapped: the tool's service name, else its id)
 * @param deploymentJobs         Jenkins: the jobs whose finished builds are deployments, with their service and
 *                               environment (none by default)
 * @param hotfixRefs             GitHub/GitLab: the refs (branch or tag names, each pattern matched in full) whose
 *                               deployments are hotfixes ({@code hotfix: true} on {@code deployment.finished})
 */
public record ConnectorSettings(String id, ConnectorKind kind, String name, String baseUrl, String selector,
        Map<String, ItemType> itemTypes, List<String> incidentLabels, List<String> productionEnvironments,
        List<String> productionTiers, Pattern keyPattern, Pattern causePattern,
        List<WorkflowRule> deploymentWorkflows, List<PipelineRule> deploymentPipelines, Map<String, String> serviceNames,
        List<JobRule> deploymentJobs, List<Pattern> hotfixRefs) {

    /** The environment a deployment rule names when it names none. */
    public static final String DEFAULT_RULE_ENVIRONMENT = "production";

    /**
     * A GitHub Actions workflow whose completed runs are deployments ({@code deploymentWorkflows}).
     *
     * @param workflow    matched in full against the workflow's name, its path
     *                    ({@code .github/workflows/deploy.yml}) and its file name ({@code deploy.yml})
     * @param branch      when set, matched in full against the run's {@code head_branch}
     * @param environment the environment the workflow deploys to
     */
    public record WorkflowRule(Pattern workflow, Pattern branch, String environment) {
        public WorkflowRule {
            Objects.requireNonNull(workflow, "workflow");
            Objects.requireNonNull(environment, "environment");
        }
    }

    /**
     * GitLab pipelines that are deployments ({@code deploymentPipelines}).
     *
     * @param ref         matched in full against the pipeline's {@code ref} (a branch or tag name)
     * @param environment the environment the pipeline deploys to
     */
    public record PipelineRule(Pattern ref, String environment) {
        public PipelineRule {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(environment, "environment");
        }
    }

    /**
     * A Jenkins job whose finished builds are deployments ({@code deploymentJobs}).
     *
     * @param job         matched in full against the job's full name ({@code folder/app-deploy})
     * @param service     the service the job deploys; absent: the job's full name
     * @param environment the environment the job deploys to
     */
    public record JobRule(Pattern job, String service, String environment) {
        public JobRule {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(environment, "environment");
        }
    }

    /** EVENTS.md: Bug and Incident -> defect, Vulnerability and Security -> risk, Tech Debt and Refactor -> debt. */
    public static final Map<String, ItemType> DEFAULT_ITEM_TYPES = Map.of(
            "bug", ItemType.DEFECT, "incident", ItemType.DEFECT, "vulnerability", ItemType.RISK, "security", ItemType.RISK,
            "tech debt", ItemType.DEBT, "technical debt", ItemType.DEBT, "refactor", ItemType.DEBT);
    public static final List<String> DEFAULT_INCIDENT_LABELS = List.of("incident");
    public static final List<String> DEFAULT_PRODUCTION_ENVIRONMENTS = List.of("production", "prod");
    public static final List<String> DEFAULT_PRODUCTION_TIERS = List.of("production");
    public static final String DEFAULT_KEY_PATTERN = "\\b[A-Z][A-Z0-9]+-\\d+\\b";
    public static final String DEFAULT_CAUSE_PATTERN = "(?i)caused by deployment[\\s:#]*([\\w.:/#@-]+)";
    /** A deployment of the branch {@code hotfix} or of {@code hotfix/...}, {@code hotfix-...}, {@code hotfix_...} is a hotfix. */
    public static final List<String> DEFAULT_HOTFIX_REFS = List.of("hotfix", "hotfix[/_-].*");

    /** When a work item's names map to several types, the first of these wins; none: feature. */
    private static final List<ItemType> TYPE_ORDER = List.of(ItemType.DEFECT, ItemType.RISK, ItemType.DEBT);
    /** The itemTypes a tool type may map to, as written in settings. */
    static final List<String> ITEM_TYPES = Arrays.stream(ItemType.values()).map(ItemType::wireName).toList();

    public ConnectorSettings {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        itemTypes = Map.copyOf(itemTypes);
        incidentLabels = incidentLabels.stream().map(ConnectorSettings::normalise).toList();
        productionEnvironments = productionEnvironments.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        productionTiers = productionTiers.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        deploymentWorkflows = List.copyOf(deploymentWorkflows);
        deploymentPipelines = List.copyOf(deploymentPipelines);
        serviceNames = serviceNames == null ? Map.of() : Map.copyOf(serviceNames);
        deploymentJobs = deploymentJobs == null ? List.of() : List.copyOf(deploymentJobs);
        hotfixRefs = hotfixRefs == null ? List.of() : List.copyOf(hotfixRefs);
    }

    /** A connector with every mapping option at its default. */
    public static ConnectorSettings defaults(String id, ConnectorKind kind, String name, String baseUrl, String selector) {
        return new ConnectorSettings(id, kind, name, baseUrl, selector, DEFAULT_ITEM_TYPES, DEFAULT_INCIDENT_LABELS,
                DEFAULT_PRODUCTION_ENVIRONMENTS, DEFAULT_PRODUCTION_TIERS, Pattern.compile(DEFAULT_KEY_PATTERN),
                Pattern.compile(DEFAULT_CAUSE_PATTERN), List.of(), List.of(), Map.of(), List.of(),
                DEFAULT_HOTFIX_REFS.stream().map(Pattern::compile).toList());
    }

    /**
     * Reads the mapping options of a connector from JSON ({@link MappingOptions#read}). Unknown options are ignored so
     * that an older service version can read a newer row.
     *
     * @throws IllegalArgumentException naming the option when one is malformed
     */
    public static ConnectorSettings fromJson(String id, ConnectorKind kind, String name, String baseUrl, String selector,
            JsonNode settings) {
        return of(id, kind, name, baseUrl, selector, MappingOptions.read(settings));
    }

    /**
     * A connector with these mapping options, each absent one at its default.
     *
     * @throws IllegalArgumentException naming the option when one is malformed
     */
    public static ConnectorSettings of(String id, ConnectorKind kind, String name, String baseUrl, String selector,
            MappingOptions options) {
        ConnectorSettings d = defaults(id, kind, name, baseUrl, selector);
        if (options == null) {
            return d;
        }
        Map<String, ItemType> types = new LinkedHashMap<>(d.itemTypes());
        if (options.itemTypes() != null) {
            // A configured map replaces the defaults, so a team can also un-map a default name.
            types.clear();
            options.itemTypes().forEach((toolType, itemType) -> {
                String v = itemType == null ? "" : itemType.toLowerCase(Locale.ROOT);
                if (!ITEM_TYPES.contains(v)) {
                    throw new IllegalArgumentException("settings.itemTypes." + toolType + ": must be one of "
                            + ITEM_TYPES + ", got '" + (itemType == null ? "" : itemType) + "'");
                }
                types.put(normalise(toolType), ItemType.fromEvent(v));
            });
        }
        return new ConnectorSettings(id, kind, name, baseUrl, selector, types,
                strings(options.incidentLabels(), "incidentLabels", d.incidentLabels()),
                strings(options.productionEnvironments(), "productionEnvironments", d.productionEnvironments()),
                strings(options.productionTiers(), "productionTiers", d.productionTiers()),
                pattern(options.keyPattern(), "settings.keyPattern", d.keyPattern()),
                pattern(options.causePattern(), "settings.causePattern", d.causePattern()),
                workflowRules(options.deploymentWorkflows()), pipelineRules(options.deploymentPipelines()),
                serviceNames(options.serviceNames()), jobRules(options.deploymentJobs()),
                hotfixRefs(options.hotfixRefs(), d.hotfixRefs()));
    }

    /**
     * The mapping options as stored in {@code ingest.connector.settings}: every option, defaults included, except the
     * incident, Jenkins and hotfix options, which are shown only when set (hotfixRefs: when not the default), so that
     * the settings of connectors saved before them read as before.
     */
    public MappingOptions options() {
        TreeMap<String, String> types = new TreeMap<>();
        itemTypes.forEach((toolType, itemType) -> types.put(toolType, itemType.wireName()));
        return new MappingOptions(types, incidentLabels, productionEnvironments, productionTiers,
                keyPattern.pattern(), causePattern.pattern(),
                deploymentWorkflows.stream().map(r -> new MappingOptions.Workflow(r.workflow().pattern(),
                        r.branch() == null ? null : r.branch().pattern(), r.environment())).toList(),
                deploymentPipelines.stream().map(r -> new MappingOptions.Pipeline(r.ref().pattern(), r.environment())).toList(),
                // the incident and Jenkins options are shown only when set, so other tools' settings read as before
                serviceNames.isEmpty() ? null : new TreeMap<>(serviceNames),
                deploymentJobs.isEmpty() ? null
                        : deploymentJobs.stream().map(r -> new MappingOptions.Job(r.job().pattern(), r.service(), r.environment())).toList(),
                hotfixRefPatterns().equals(DEFAULT_HOTFIX_REFS) ? null : hotfixRefPatterns());
    }

    private List<String> hotfixRefPatterns() {
        return hotfixRefs.stream().map(Pattern::pattern).toList();
    }

    /** {@link #options()} as JSON, as the admin API shows it. */
    public ObjectNode settingsJson() {
        return options().toJson();
    }

    /**
     * The tool instance as it appears in ids: the host of {@link #baseUrl} without
     * {@code .atlassian.net} ({@code https://acme.atlassian.net} -> {@code acme}). The host, not
     * the display name, so that renaming a connector never changes the ids of its facts.
     */
    public String site() {
        String host = null;
        try {
            host = baseUrl == null ? null : URI.create(baseUrl.trim()).getHost();
        } catch (IllegalArgumentException e) {
            // fall through to the id: a bad base URL must not make ids unstable or mapping fail
        }
        if (host == null || host.isBlank()) {
            return id;
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.endsWith(".atlassian.net") ? host.substring(0, host.length() - ".atlassian.net".length()) : host;
    }

    /**
     * The account of a hosted tool as it appears in ids: the host of {@link #baseUrl} without the first of these
     * suffixes it ends with ({@code https://acme.pagerduty.com} and {@code .pagerduty.com} -> {@code acme}); another
     * host as {@link #site()} gives it.
     */
    public String account(String... hostSuffixes) {
        String host = null;
        try {
            host = baseUrl == null ? null : URI.create(baseUrl.trim()).getHost();
        } catch (IllegalArgumentException e) {
            // the site() fallback below
        }
        if (host != null) {
            host = host.toLowerCase(Locale.ROOT);
            for (String suffix : hostSuffixes) {
                if (host.endsWith(suffix) && host.length() > suffix.length()) {
                    return host.substring(0, host.length() - suffix.length());
                }
            }
        }
        return site();
    }

    /**
     * The itemType of a work item from its tool type or labels: the first of defect, risk, debt that
     * any name maps to, else feature. A scoped label ({@code type::bug}, {@code kind/bug}) also
     * matches by its last segment.
     */
    public ItemType itemType(Collection<String> names) {
        LinkedHashSet<ItemType> found = new LinkedHashSet<>();
        for (String raw : names) {
            for (String n : candidates(raw)) {
                ItemType v = itemTypes.get(n);
                if (v != null) {
                    found.add(v);
                }
            }
        }
        for (ItemType t : TYPE_ORDER) {
            if (found.contains(t)) {
                return t;
            }
        }
        return ItemType.FEATURE;
    }

    /** Whether any of these labels or types marks an incident. */
    public boolean isIncident(Collection<String> names) {
        for (String raw : names) {
            for (String n : candidates(raw)) {
                if (incidentLabels.contains(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether an environment counts as production: by name, by GitLab tier, or by the tool's own flag. */
    public boolean isProduction(String environment, String tier, boolean flaggedProduction) {
        if (flaggedProduction) {
            return true;
        }
        if (tier != null && productionTiers.contains(tier.toLowerCase(Locale.ROOT))) {
            return true;
        }
        return environment != null && productionEnvironments.contains(environment.toLowerCase(Locale.ROOT));
    }

    /**
     * The environment a completed GitHub workflow run deployed to: that of the first
     * {@link #deploymentWorkflows} rule matching one of the workflow's names (name, path, file
     * name) and, when the rule names a branch, the run's head branch. Empty: not a deployment.
     */
    public Optional<String> deploymentWorkflowEnvironment(Collection<String> workflowNames, String headBranch) {
        for (WorkflowRule r : deploymentWorkflows) {
            boolean named = workflowNames.stream().anyMatch(w -> w != null && !w.isEmpty() && r.workflow().matcher(w).matches());
            boolean onBranch = r.branch() == null || (headBranch != null && r.branch().matcher(headBranch).matches());
            if (named && onBranch) {
                return Optional.of(r.environment());
            }
        }
        return Optional.empty();
    }

    /** The environment a GitLab pipeline of this ref deployed to (first matching {@link #deploymentPipelines} rule), if any. */
    public Optional<String> deploymentPipelineEnvironment(String ref) {
        if (ref == null) {
            return Optional.empty();
        }
        return deploymentPipelines.stream().filter(r -> r.ref().matcher(ref).matches()).map(PipelineRule::environment).findFirst();
    }

    /**
     * The Flowlens service of an incident tool's service ({@link #serviceNames}): the first candidate (the tool's
     * service id, then its name) the mapping names, compared exactly and then case-insensitively; unmapped, the
     * first candidate that is not blank (list the name before the id to keep the tool's name).
     */
    public Optional<String> serviceName(List<String> mappedCandidates, List<String> unmappedOrder) {
        for (String c : mappedCandidates) {
            if (c != null && serviceNames.containsKey(c)) {
                return Optional.of(serviceNames.get(c));
            }
        }
        for (String c : mappedCandidates) {
            if (c == null) {
                continue;
            }
            for (Map.Entry<String, String> e : serviceNames.entrySet()) {
                if (e.getKey().equalsIgnoreCase(c)) {
                    return Optional.of(e.getValue());
                }
            }
        }
        return unmappedOrder.stream().filter(c -> c != null && !c.isBlank()).findFirst();
    }

    /** The first {@link #deploymentJobs} rule whose {@code job} matches this Jenkins job's full name in full, if any. */
    public Optional<JobRule> deploymentJob(String jobFullName) {
        if (jobFullName == null) {
            return Optional.empty();
        }
        return deploymentJobs.stream().filter(r -> r.job().matcher(jobFullName).matches()).findFirst();
    }

    /**
     * Whether a deployment of this ref (GitHub: the deployment's {@code ref} or the run's {@code head_branch}; GitLab:
     * the pipeline's or job's {@code ref}) is a hotfix: a {@link #hotfixRefs} pattern matches it in full.
     */
    public boolean isHotfixRef(String ref) {
        return ref != null && hotfixRefs.stream().anyMatch(p -> p.matcher(ref).matches());
    }

    /** The {@code hotfix} of a {@code deployment.finished} of this ref: true, or absent (not null-or-false, so events read as before). */
    public Boolean hotfix(String ref) {
        return isHotfixRef(ref) ? Boolean.TRUE : null;
    }

    /** The distinct work item keys mentioned in these texts, in order of first mention. */
    public List<String> workItemKeys(String... texts) {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            Matcher m = keyPattern.matcher(text);
            while (m.find()) {
                keys.add(m.group());
            }
        }
        return List.copyOf(keys);
    }

    /** What an incident's text names as its causing deployment (group 1 of {@link #causePattern}). */
    public Optional<String> causeReference(String... texts) {
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            Matcher m = causePattern.matcher(text);
            if (m.find()) {
                String ref = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
                ref = ref.replaceAll("[.,;)]+$", "");
                if (!ref.isBlank()) {
                    return Optional.of(ref);
                }
            }
        }
        return Optional.empty();
    }

    /** Lower case, {@code -}/{@code _} as spaces, single spaces: {@code Tech-Debt} -> {@code tech debt}. */
    public static String normalise(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[-_\\s]+", " ").trim();
    }

    private static List<String> candidates(String raw) {
        String n = normalise(raw);
        List<String> out = new ArrayList<>(2);
        out.add(n);
        int cut = Math.max(n.lastIndexOf("::"), n.lastIndexOf('/'));
        if (cut >= 0) {
            out.add(n.substring(cut + (n.startsWith("::", cut) ? 2 : 1)).trim());
        }
        return out;
    }

    private static List<String> strings(List<String> given, String field, List<String> dflt) {
        if (given == null) {
            return dflt;
        }
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i) == null) {
                throw new IllegalArgumentException("settings." + field + "[" + i + "]: must be a string");
            }
        }
        return given;
    }

    private static Pattern pattern(String regex, String name, Pattern dflt) {
        if (regex == null) {
            return dflt;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(name + ": not a regular expression: " + e.getDescription());
        }
    }

    private static String environment(String environment, String name) {
        if (environment == null) {
            return DEFAULT_RULE_ENVIRONMENT;
        }
        if (environment.isBlank()) {
            throw new IllegalArgumentException(name + ".environment: must be a non-empty string");
        }
        return environment;
    }

    private static List<WorkflowRule> workflowRules(List<MappingOptions.Workflow> given) {
        List<WorkflowRule> out = new ArrayList<>();
        for (int i = 0; given != null && i < given.size(); i++) {
            String name = "settings.deploymentWorkflows[" + i + "]";
            MappingOptions.Workflow r = given.get(i);
            if (r == null) {
                throw new IllegalArgumentException(name + ": must be an object");
            }
            Pattern workflow = pattern(r.workflow(), name + ".workflow", null);
            if (workflow == null) {
                throw new IllegalArgumentException(name + ".workflow: required (the workflow's name, path or file name, a regular expression)");
            }
            out.add(new WorkflowRule(workflow, pattern(r.branch(), name + ".branch", null), environment(r.environment(), name)));
        }
        return out;
    }

    private static Map<String, String> serviceNames(Map<String, String> given) {
        if (given == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        given.forEach((tool, flowlens) -> {
            if (tool == null || tool.isBlank() || flowlens == null || flowlens.isBlank()) {
                throw new IllegalArgumentException("settings.serviceNames." + tool + ": must be a non-empty string");
            }
            out.put(tool, flowlens);
        });
        return out;
    }

    private static List<JobRule> jobRules(List<MappingOptions.Job> given) {
        List<JobRule> out = new ArrayList<>();
        for (int i = 0; given != null && i < given.size(); i++) {
            String name = "settings.deploymentJobs[" + i + "]";
            MappingOptions.Job r = given.get(i);
            if (r == null) {
                throw new IllegalArgumentException(name + ": must be an object");
            }
            Pattern job = pattern(r.job(), name + ".job", null);
            if (job == null) {
                throw new IllegalArgumentException(name + ".job: required (the job's full name, a regular expression)");
            }
            if (r.service() != null && r.service().isBlank()) {
                throw new IllegalArgumentException(name + ".service: must be a non-empty string");
            }
            out.add(new JobRule(job, r.service(), environment(r.environment(), name)));
        }
        return out;
    }

    private static List<Pattern> hotfixRefs(List<String> given, List<Pattern> dflt) {
        if (given == null) {
            return dflt;
        }
        List<Pattern> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String name = "settings.hotfixRefs[" + i + "]";
            if (given.get(i) == null || given.get(i).isEmpty()) {
                throw new IllegalArgumentException(name + ": must be a non-empty string (a regular expression)");
            }
            out.add(pattern(given.get(i), name, null));
        }
        return out;
    }

    private static List<PipelineRule> pipelineRules(List<MappingOptions.Pipeline> given) {
        List<PipelineRule> out = new ArrayList<>();
        for (int i = 0; given != null && i < given.size(); i++) {
            String name = "settings.deploymentPipelines[" + i + "]";
            MappingOptions.Pipeline r = given.get(i);
            if (r == null) {
                throw new IllegalArgumentException(name + ": must be an object");
            }
            Pattern ref = pattern(r.ref(), name + ".ref", null);
            if (ref == null) {
                throw new IllegalArgumentException(name + ".ref: required (the pipeline's branch or tag, a regular expression)");
            }
            out.add(new PipelineRule(ref, environment(r.environment(), name)));
        }
        return out;
    }
}
