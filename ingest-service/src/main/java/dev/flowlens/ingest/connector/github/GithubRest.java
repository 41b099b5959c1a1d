package dev.flowlens.ingest.connector.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.ingest.connector.Mapping;

/**
 * Adapts what the REST API returns to what {@link GithubMapper} reads where the two differ.
 * Issues and pull requests have the webhook's shape already; a deployment's statuses come from
 * {@code GET /deployments/{id}/statuses}, separate from the deployment, while the
 * {@code deployment_status} webhook carries both: the pair is put together in the webhook's shape
 * so that a pulled and a delivered status give the same event.
 */
final class GithubRest {

    private GithubRest() {
    }

    /** The {@code deployment_status} webhook body of one REST deployment and one of its REST statuses. */
    static ObjectNode deploymentStatusPayload(String repo, JsonNode deployment, JsonNode status) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("action", "created");
        payload.set("deployment_status", status);
        payload.set("deployment", deployment);
        payload.putObject("repository").put("full_name", repo);
        return payload;
    }

    /** The events of a REST deployment and all its statuses (as {@code GET .../statuses} lists them). */
    static Mapping deployment(GithubMapper mapper, String repo, JsonNode deployment, Iterable<JsonNode> statuses) {
        Mapping m = new Mapping();
        for (JsonNode s : statuses) {
            m.addAll(mapper.mapWebhook("deployment_status", deploymentStatusPayload(repo, deployment, s)));
        }
        return m;
    }
}
