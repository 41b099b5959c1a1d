package dev.flowlens.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowlens.gateway.graphql.error.BadUserInputException;
import dev.flowlens.gateway.graphql.error.ConflictException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;
import org.jboss.logging.Logger;

/**
 * Turns ingest-service's error answers into what a GraphQL client may see, like
 * {@link MetricsErrorMapper}: a 400 or a 409 carries a message meant for the user
 * ({@code {"error": "..."}}); a 404 is handed to {@link IngestClient}, which knows whether it
 * means an unknown id; anything else is the service's or our own fault and must not leak details.
 */
class IngestErrorMapper implements ResponseExceptionMapper<RuntimeException> {

    private static final Logger LOG = Logger.getLogger(IngestErrorMapper.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    @Override
    public RuntimeException toThrowable(Response response) {
        int status = response.getStatus();
        String body = readBody(response);
        return switch (status) {
            case 400 -> new BadUserInputException(errorMessage(body, "ingest-service rejected the request"));
            case 409 -> new ConflictException(errorMessage(body, "the connector is already syncing"));
            case 404 -> new IngestNotFound(errorMessage(body, null));
            default -> {
                LOG.warnf("ingest-service answered HTTP %d: %s", status, body);
                yield status >= 500 ? new IngestServiceFailure(status) : new IngestServiceRefused(status);
            }
        };
    }

    private static String readBody(Response response) {
        try {
            return response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String errorMessage(String body, String fallback) {
        try {
            JsonNode error = JSON.readTree(body).get("error");
            if (error != null && error.isTextual() && !error.asText().isBlank()) {
                return error.asText();
            }
        } catch (Exception e) {
            // not the documented {"error": "..."} shape: fall through
        }
        return fallback;
    }

    /** A 404, with ingest-service's {@code error} text when it sent one (null otherwise). */
    static final class IngestNotFound extends RuntimeException {
        IngestNotFound(String error) {
            super(error, null, false, false);
        }
    }

    /** A 5xx: ingest-service is failing; the list retries it. */
    static final class IngestServiceFailure extends RuntimeException {
        IngestServiceFailure(int status) {
            super("ingest-service answered HTTP " + status, null, false, false);
        }
    }

    /** Another 4xx (401/403 on our service token, 405...): a deployment problem, not worth a retry. */
    static final class IngestServiceRefused extends RuntimeException {
        IngestServiceRefused(int status) {
            super("ingest-service answered HTTP " + status, null, false, false);
        }
    }
}
