package dev.flowlens.ingest.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One object fetched by a pull, ready to commit: its body as the tool returned it, the URL it was
 * read from, and the canonical events the tool's mapper made of it.
 *
 * @param version  identifies this version of the object ({@code <api url>@<updated_at>}); stored as
 *                 the raw row's delivery id, so fetching the same version again (the cursor is
 *                 inclusive) stores nothing twice
 * @param url      the API URL of the object or of the page it came from
 * @param metadata headers kept with the raw row: always {@link #RESOURCE}, and what else the mapping
 *                 reads besides the body (e.g. the first commit time of a pull request)
 * @param body     the object's JSON text
 * @param events   the canonical events mapped from it
 */
public record Pulled(String version, String url, Map<String, String> metadata, String body, List<? extends JsonNode> events) {

    /** Header of a pulled raw row: the resource it was read for, which says how a replay maps it. */
    public static final String RESOURCE = "x-flowlens-resource";

    /** The tool part of a resource name ({@code issues} of {@code issues:acme/payments}). */
    public static String kindOf(String resource) {
        int colon = resource.indexOf(':');
        return colon < 0 ? resource : resource.substring(0, colon);
    }

    /** The scope part of a resource name ({@code acme/payments} of {@code issues:acme/payments}), or null. */
    public static String scopeOf(String resource) {
        int colon = resource.indexOf(':');
        return colon < 0 ? null : resource.substring(colon + 1);
    }
}
