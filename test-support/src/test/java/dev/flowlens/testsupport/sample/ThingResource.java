package dev.flowlens.testsupport.sample;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** A JAX-RS resource for EndpointsTest. */
@Path("/api/things/")
public class ThingResource {

    @GET
    public String list() {
        return "[]";
    }

    @POST
    @Path("/{id}/notes")
    public String note(String body) {
        return body;
    }

    @DELETE
    @Path("{id}")
    public void remove() {
    }

    /** Not an endpoint: no HTTP method. */
    @Path("helper")
    public String helper() {
        return "";
    }

    /** A REST client of a tool: an interface, never an endpoint of the service. */
    @Path("/tool")
    public interface ToolClient {
        @GET
        String get();
    }
}
