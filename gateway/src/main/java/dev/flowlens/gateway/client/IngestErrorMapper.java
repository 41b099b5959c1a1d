package dev.flowlens.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowlens.gateway.graphql.error.BadUserInputException;
import dev.flowlens.gateway.graphql.error.ConflictException;
import dev.flowlens.problem.Problem;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;
import org.jboss.logging.Logger;

/**
 * Turns ingest-service's error answers into what a GraphQL client may see, like
 * {@link MetricsErrorMapper}: a 400 or a 409 is a problem (RFC 9457, docs/internal-api.md) whose
 * {@code detail} is meant for the user; a 404 is handed to {@link IngestClient}, which knows whether it
 * means an unknown id; anything else is the service's or our own fault and must not leak details.
 */
class IngestErrorMapper implements ResponseExceptionMapper<RuntimeException> {

    private static final Logger LOG = Logger.getLogger(IngestErrorMapper.class);

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
        return Problem.read(body).map(Problem::detail).filter(d -> !d.isBlank()).orElse(fallback);
    }

    /** A 404, with the {@code detail} of ingest-service's problem when it sent one (null otherwise). */
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
