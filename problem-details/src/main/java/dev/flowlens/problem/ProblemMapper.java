package dev.flowlens.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.ResteasyReactiveClientProblem;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one exception mapper of a service's HTTP API (every service has this module's Jandex index, so Quarkus REST
 * finds it): a {@link ProblemException} answers its problem; a refusal of the framework (unknown path, wrong method
 * or media type, unreadable JSON) keeps its 4xx status as a bare problem; anything else is a fault of the service,
 * a 500 whose body gives only an error id, logged with the stack trace under that id. Quarkus' own, more specific
 * mappers (authentication, authorization) still answer 401 and 403. A JSON body that does not fit the request's
 * record (a wrong type, an unknown enum value) is a 400 naming the field, without the class names Jackson's own
 * message would show.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** Headers of a framework refusal that describe its old body, not the problem that replaces it. */
    private static final Set<String> BODY_HEADERS = Set.of("content-type", "content-length");

    @ServerExceptionMapper
    public Response refused(ProblemException e, UriInfo uri) {
        return answer(e.problem(path(uri)), e.headers());
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e, UriInfo uri) {
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        // a call of ours to another service that failed is our fault, whatever that service answered
        if (status >= 500 || e instanceof ResteasyReactiveClientProblem) {
            return unexpected(e, uri);
        }
        Response.ResponseBuilder answer = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.ofStatus(status, original.getStatusInfo().getReasonPhrase(), e.getMessage(), path(uri)).json());
        original.getStringHeaders().forEach((name, values) -> {
            if (!BODY_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> answer.header(name, v));
            }
        });
        return answer.build();
    }

    @ServerExceptionMapper
    public Response unreadable(MismatchedInputException e, UriInfo uri) {
        String field = field(e);
        String message = e instanceof InvalidFormatException f
                ? "cannot be " + f.getValue() + (f.getTargetType() != null && f.getTargetType().isEnum()
                        ? ", must be one of " + enumValues(f.getTargetType()) : "")
                : "is not of the expected JSON type";
        BadInputException bad = field == null
                ? new BadInputException("body: not the expected JSON object", List.of(new Problem.Violation("body",
                        "not the expected JSON object")))
                : new BadInputException(field, message);
        return refused(bad, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        String path = path(uri);
        LOG.errorf(e, "error id %s: unexpected failure answering %s", errorId, path);
        return answer(Problem.internalError(errorId, path), Map.of());
    }

    /** {@code stages[0].kind}: the place in the body where reading stopped; null at the top. */
    private static String field(JsonMappingException e) {
        StringBuilder at = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                at.append(at.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                at.append('[').append(r.getIndex()).append(']');
            }
        }
        return at.isEmpty() ? null : at.toString();
    }

    private static String enumValues(Class<?> type) {
        return String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList());
    }

    private static Response answer(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder answer = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem.json());
        headers.forEach(answer::header);
        return answer.build();
    }

    private static String path(UriInfo uri) {
        try {
            return uri == null ? null : uri.getPath();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
