package dev.flowlens.ingest.connector;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * A connector's mapping options as JSON: the {@code settings} an admin gives ({@code ConnectorInput.settings}) and
 * what {@code ingest.connector.settings} holds (docs/connectors.md). Read and written by Jackson; every field is
 * optional (null: the default of {@link ConnectorSettings}), and unknown fields are ignored so that an older service
 * version can read a row a newer one wrote. {@link ConnectorSettings#of} checks the values and compiles the patterns.
 * Registered for reflection: Jackson reads and writes these records by reflection, also in a native image.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection(targets = {MappingOptions.class, MappingOptions.Workflow.class, MappingOptions.Pipeline.class,
        MappingOptions.Job.class})
public record MappingOptions(Map<String, String> itemTypes, List<String> incidentLabels, List<String> productionEnvironments,
        List<String> productionTiers, String keyPattern, String causePattern, List<Workflow> deploymentWorkflows,
        List<Pipeline> deploymentPipelines, Map<String, String> serviceNames, List<Job> deploymentJobs,
        List<String> hotfixRefs) {

    /** A {@code deploymentWorkflows} rule: regular expressions, and the environment (default production). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Workflow(String workflow, String branch, String environment) {
    }

    /** A {@code deploymentPipelines} rule: a regular expression, and the environment (default production). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pipeline(String ref, String environment) {
    }

    /** A {@code deploymentJobs} rule (Jenkins): a regular expression, the service, the environment (default production). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Job(String job, String service, String environment) {
    }

    /** No option set: every default applies. */
    public static final MappingOptions NONE = new MappingOptions(null, null, null, null, null, null, null, null, null, null, null);

    /**
     * Options are text where text is meant: a number or a boolean given for a pattern, a label or an environment is
     * refused (and named) rather than read as its digits.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /** What a field must be, by its place: {@code []} stands for any index, {@code .*} for any tool type. */
    private static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("itemTypes", "must be an object of tool type -> itemType"),
            Map.entry("itemTypes.*", "must be one of " + ConnectorSettings.ITEM_TYPES),
            Map.entry("incidentLabels", "must be an array of strings"),
            Map.entry("productionEnvironments", "must be an array of strings"),
            Map.entry("productionTiers", "must be an array of strings"),
            Map.entry("deploymentWorkflows", "must be an array of objects"),
            Map.entry("deploymentPipelines", "must be an array of objects"),
            Map.entry("deploymentWorkflows[]", "must be an object"),
            Map.entry("deploymentPipelines[]", "must be an object"),
            Map.entry("serviceNames", "must be an object of tool service -> Flowlens service"),
            Map.entry("deploymentJobs", "must be an array of objects"),
            Map.entry("deploymentJobs[]", "must be an object"),
            Map.entry("hotfixRefs", "must be an array of strings"));

    /**
     * Reads the options an admin gave; null, JSON null or missing: {@link #NONE}.
     *
     * @throws IllegalArgumentException naming the option ({@code settings.productionTiers: must be an array of strings})
     */
    public static MappingOptions read(JsonNode settings) {
        if (settings == null || settings.isNull() || settings.isMissingNode()) {
            return NONE;
        }
        if (!settings.isObject()) {
            throw new IllegalArgumentException("settings: must be a JSON object");
        }
        try {
            return JSON.treeToValue(settings, MappingOptions.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(describe(e.getPath()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("settings: not readable as mapping options");
        }
    }

    /** These options as a JSON object. */
    public ObjectNode toJson() {
        return JSON.valueToTree(this);
    }

    /** {@code settings.deploymentWorkflows[0].environment: must be a non-empty string}, from where Jackson stopped. */
    private static String describe(List<JsonMappingException.Reference> path) {
        StringBuilder at = new StringBuilder("settings");
        StringBuilder shape = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                at.append('.').append(r.getFieldName());
                boolean toolType = shape.toString().equals("itemTypes");
                shape.append(shape.isEmpty() ? "" : ".").append(toolType ? "*" : r.getFieldName());
            } else {
                at.append('[').append(r.getIndex()).append(']');
                shape.append("[]");
            }
        }
        String s = shape.toString();
        String expected = EXPECTED.get(s);
        if (expected == null) {
            expected = s.endsWith(".environment") ? "must be a non-empty string" : "must be a string";
        }
        return at + ": " + expected;
    }
}
