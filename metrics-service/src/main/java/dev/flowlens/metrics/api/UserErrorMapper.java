package dev.flowlens.metrics.api;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns a rule a request broke into {@code 400 {"error": "..."}} naming the field. */
public class UserErrorMapper {

    @ServerExceptionMapper
    public Response badInput(IllegalArgumentException e) {
        return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", e.getMessage())).build();
    }
}
