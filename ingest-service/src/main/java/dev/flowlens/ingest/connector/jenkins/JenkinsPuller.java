package dev.flowlens.ingest.connector.jenkins;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.Pulled;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.ToolPuller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Jenkins's incremental pull, per job the selector lists (comma-separated full names, {@code folder/app-deploy};
 * resource {@code builds:<job full name>}): {@code GET /job/<..>/api/json?tree=allBuilds[...]{from,to}}, newest
 * first, a page at a time until a page ends before the cursor or holds fewer builds than asked. Jenkins has no
 * time filter, so the cursor is the start ({@code timestamp}) of the newest build read, held at the start of the
 * oldest build still running so that its result is read later; it moves once, with the last page. Each build is
 * stored with its state ({@code <job url>/<number>@<result or building>}), so a build read again unchanged is
 * stored once and a finished one again.
 */
@ApplicationScoped
public class JenkinsPuller implements ToolPuller {

    static final String RESOURCE = "builds";

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.JENKINS;
    }

    @Override
    public void pull(PullContext context) {
        JenkinsClient client = new JenkinsClient(context);
        JenkinsMapper mapper = new JenkinsMapper(context.settings());
        int size = context.config().pageSize();
        for (String job : Arrays.stream(context.settings().selector().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            String resource = RESOURCE + ":" + job;
            Instant since = context.since(resource);
            Instant newest = null;
            Instant held = null;
            for (int from = 0; ; from += size) {
                JsonNode page = client.builds(job, from, from + size);
                List<Pulled> items = new ArrayList<>();
                boolean older = false;
                int n = 0;
                for (JsonNode build : page.path("allBuilds")) {
                    n++;
                    long ms = build.path("timestamp").asLong(0);
                    Instant started = ms > 0 ? Instant.ofEpochMilli(ms) : null;
                    if (started != null && started.isBefore(since)) {
                        older = true;
                        continue; // read by an earlier sync
                    }
                    boolean building = build.path("building").asBoolean(false);
                    if (started != null && building && (held == null || started.isBefore(held))) {
                        held = started;
                    }
                    if (started != null && (newest == null || started.isAfter(newest))) {
                        newest = started;
                    }
                    String url = build.hasNonNull("url") ? build.get("url").asText()
                            : client.jobUrl(job) + "/" + build.path("number").asText() + "/";
                    String state = building ? "building" : build.path("result").asText("none");
                    Map<String, String> metadata = Map.of(Pulled.RESOURCE, resource);
                    items.add(new Pulled(url + "@" + state, url, metadata, build.toString(),
                            mapper.mapPulled(resource, build, metadata).events()));
                }
                boolean last = older || n < size;
                context.commit(resource, items, last ? (held != null ? held : newest) : null);
                if (last) {
                    break;
                }
            }
        }
    }
}
