package dev.flowlens.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowlens.gateway.graphql.error.BadUserInputException;
import dev.flowlens.problem.Problem;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;
import org.jboss.logging.Logger;

/**
 * Turns metrics-service's error answers into what a GraphQL client may see: a 400 is a problem
 * (RFC 9457, docs/internal-api.md) whose {@code detail} is meant for the user; anything else 4xx/5xx
 * (except 404, which callers handle) is the service's or our own fault and must not leak details.
 */
class MetricsErrorMapper implements ResponseExceptionMapper<RuntimeException> {

    private static final Logger LOG = Logger.getLogger(MetricsErrorMapper.class);

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400 && status != 404;
    }

    @Override
    public RuntimeException toThrowable(Response response) {
        int status = response.getStatus();
        String body = readBody(response);
        if (status == 400) {
            return new BadUserInputException(errorMessage(body));
        }
        LOG.warnf("metrics-service answered HTTP %d: %s", status, body);
        return status >= 500 ? new MetricsServiceFailure(status) : new MetricsServiceRefused(status);
    }

    private static String readBody(Response response) {
        try {
            return response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String errorMessage(String body) {
        return Problem.read(body).map(Problem::detail).filter(d -> !d.isBlank())
                .orElse("metrics-service rejected the request");
    }

    /** A 5xx: metrics-service is failing; reads retry it. */
    static final class MetricsServiceFailure extends RuntimeException {
        MetricsServiceFailure(int status) {
            super("metrics-service answered HTTP " + status, null, false, false);
        }
    }

    /** Another 4xx (401/403 on our service token, 405...): a deployment problem, not worth a retry. */
    static final class MetricsServiceRefused extends RuntimeException {
        MetricsServiceRefused(int status) {
            super("metrics-service answered HTTP " + status, null, false, false);
        }
    }
}
