package dev.flowlens.ingest.connector.jenkins;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.DeploymentStatus;
import dev.flowlens.events.EventData;
import dev.flowlens.events.EventType;
import dev.flowlens.events.FlowEvent;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.Mapping;
import dev.flowlens.ingest.connector.Pulled;
import dev.flowlens.ingest.connector.ToolMapper;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Jenkins builds of the jobs the connector's {@code deploymentJobs} name -> {@code deployment.finished}. Pure.
 *
 * <p>A finished build ({@code SUCCESS} -> success; {@code FAILURE}, {@code UNSTABLE} -> failure) of a job a rule
 * names, to an environment that counts as production, is a deployment of the rule's service (else the job's full
 * name), started at its {@code timestamp} and finished {@code duration} later, shipping the commits of its change
 * sets and the revision it built. {@code ABORTED} and {@code NOT_BUILT} builds deployed nothing, and a build still
 * running is no fact yet. Ids: {@code jenkins:<host>:<job full name>#<number>} is the deployment, plus
 * {@code :<status>} the event, the same whether the build was pulled or notified.
 */
public final class JenkinsMapper implements ToolMapper {

    private final ConnectorSettings settings;

    public JenkinsMapper(ConnectorSettings settings) {
        this.settings = settings;
    }

    /** A Notification plugin message: the job from its {@code url} ({@code job/folder/job/app/}). */
    @Override
    public Mapping mapWebhook(String eventKind, JsonNode payload) {
        String job = JenkinsPayloads.jobFullName(payload.path("url").asText(null));
        if (job == null || !payload.path("build").isObject()) {
            return new Mapping().skip("not a build notification of a job (no job url or build)");
        }
        return build(job, JenkinsPayloads.notificationBuild(payload));
    }

    /** A pulled build: the resource ({@code builds:<job full name>}) names its job. */
    @Override
    public Mapping mapPulled(String resource, JsonNode body, Map<String, String> metadata) {
        return restBuild(Pulled.scopeOf(resource), body);
    }

    /** One build of the JSON API of a job. */
    public Mapping restBuild(String jobFullName, JsonNode build) {
        return build(jobFullName, JenkinsPayloads.restBuild(build));
    }

    private Mapping build(String job, JenkinsPayloads.Build b) {
        Mapping m = new Mapping();
        Optional<ConnectorSettings.JobRule> rule = settings.deploymentJob(job);
        if (rule.isEmpty()) {
            return m; // a job no rule names: kept raw, a replay after adding a rule maps it
        }
        String deploymentId = "jenkins:" + settings.site() + ":" + job + "#" + b.number();
        if (b.number() == null || b.startedAtMs() == null) {
            return m.skip(job + ": build without a number or timestamp");
        }
        if (b.building()) {
            return m.skip(deploymentId + ": still building");
        }
        DeploymentStatus status = switch (b.result() == null ? "" : b.result()) {
            case "SUCCESS" -> DeploymentStatus.SUCCESS;
            case "FAILURE", "UNSTABLE" -> DeploymentStatus.FAILURE;
            default -> null;
        };
        if (status == null) {
            return m.skip(deploymentId + ": result " + b.result() + " deployed nothing");
        }
        String environment = rule.get().environment();
        if (!settings.isProduction(environment, null, false)) {
            return m.skip(deploymentId + ": environment " + environment + " is not production");
        }
        String service = rule.get().service() != null ? rule.get().service() : job;
        Instant started = Instant.ofEpochMilli(b.startedAtMs());
        Instant finished = started.plusMillis(b.durationMs() == null ? 0 : Math.max(0, b.durationMs()));
        return m.add(new FlowEvent(deploymentId + ":" + status.wireName(), "jenkins/" + settings.site(), EventType.DEPLOYMENT_FINISHED,
                finished, job + " #" + b.number(), new EventData.DeploymentFinished(deploymentId, service, environment, status, started,
                        finished, b.commitShas(), null, null)));
    }
}
