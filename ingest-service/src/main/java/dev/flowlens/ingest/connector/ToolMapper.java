package dev.flowlens.ingest.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A tool's pure mapping: one webhook delivery, or one object a pull stored, in; canonical events
 * out. No I/O, so replays of the raw archive give the same events as the first ingest.
 */
public interface ToolMapper {

    /**
     * Maps one webhook delivery.
     *
     * @param eventKind the tool's event kind header ({@code X-GitHub-Event}, {@code X-Gitlab-Event});
     *                  null for Jira, whose kind is in the body
     * @param payload   the parsed body
     */
    Mapping mapWebhook(String eventKind, JsonNode payload);

    /**
     * Maps one object a pull stored. The pull itself maps through this method, so a replay of the
     * stored row gives exactly the events (ids and payloads) the pull queued.
     *
     * @param resource the pull resource it was read for ({@link Pulled#RESOURCE}, e.g. {@code issues:acme/payments})
     * @param body     the stored raw body
     * @param metadata the headers stored with the raw row ({@link Pulled#metadata()} and the resource)
     */
    Mapping mapPulled(String resource, JsonNode body, Map<String, String> metadata);
}
