package dev.flowlens.ingest.connector.jenkins;

import static dev.flowlens.ingest.connector.PayloadFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The fields of a Jenkins build the mapping uses, from either shape: a build of the JSON API
 * ({@code /job/<name>/api/json?tree=allBuilds[...]}) or the {@code build} of a Notification plugin message
 * ({@code {"name", "url", "build": {"number", "phase", "status", "full_url", "timestamp", "duration", "scm"}}}).
 */
final class JenkinsPayloads {

    private JenkinsPayloads() {
    }

    /**
     * One build.
     *
     * @param building    whether it is still running (API {@code building}; a notification before {@code COMPLETED})
     * @param startedAtMs {@code timestamp}, epoch milliseconds; null when absent
     * @param durationMs  {@code duration} in milliseconds; null when absent
     * @param commitShas  the commits of its change sets in order, then the revision it built when not among them
     */
    record Build(Long number, String result, boolean building, Long startedAtMs, Long durationMs, List<String> commitShas) {
    }

    /** A build of the JSON API. */
    static Build restBuild(JsonNode b) {
        LinkedHashSet<String> shas = new LinkedHashSet<>();
        List<JsonNode> changeSets = new ArrayList<>();
        b.path("changeSets").forEach(changeSets::add);
        if (b.path("changeSet").isObject()) {
            changeSets.add(b.get("changeSet"));
        }
        for (JsonNode cs : changeSets) {
            for (JsonNode item : cs.path("items")) {
                String id = text(item, "commitId");
                if (id != null && !id.isBlank()) {
                    shas.add(id);
                }
            }
        }
        for (JsonNode action : b.path("actions")) {
            String sha = text(action, "lastBuiltRevision", "SHA1");
            if (sha != null && !sha.isBlank()) {
                shas.add(sha);
            }
        }
        return new Build(number(b.get("number")), text(b, "result"), b.path("building").asBoolean(false),
                number(b.get("timestamp")), number(b.get("duration")), List.copyOf(shas));
    }

    /** The build of a Notification plugin message; still building unless its phase is COMPLETED or FINALIZED. */
    static Build notificationBuild(JsonNode message) {
        JsonNode b = message.path("build");
        String phase = text(b, "phase");
        boolean done = "COMPLETED".equals(phase) || "FINALIZED".equals(phase);
        String sha = text(b, "scm", "commit");
        return new Build(number(b.get("number")), text(b, "status"), !done, number(b.get("timestamp")), number(b.get("duration")),
                sha == null || sha.isBlank() ? List.of() : List.of(sha));
    }

    /**
     * The job's full name from its URL path relative to Jenkins ({@code job/folder/job/app/} -> {@code folder/app});
     * null when it is not such a path.
     */
    static String jobFullName(String jobUrl) {
        if (jobUrl == null) {
            return null;
        }
        String[] parts = jobUrl.replaceAll("^/+|/+$", "").split("/");
        List<String> names = new ArrayList<>();
        for (int i = 0; i + 1 < parts.length; i += 2) {
            if (!parts[i].equals("job")) {
                return null;
            }
            names.add(percentDecoded(parts[i + 1]));
        }
        return names.isEmpty() || parts.length % 2 != 0 ? null : String.join("/", names);
    }

    /** {@code %XX} escapes decoded as UTF-8 ({@code deploy%20checkout} -> {@code deploy checkout}); a bad escape stays as is. */
    static String percentDecoded(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] in = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && Character.digit(in[i + 1], 16) >= 0 && Character.digit(in[i + 2], 16) >= 0) {
                out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Long number(JsonNode n) {
        return n != null && n.canConvertToLong() && (n.isIntegralNumber() || n.isTextual() && n.asText().matches("\\d+"))
                ? Long.valueOf(n.asLong()) : null;
    }
}
