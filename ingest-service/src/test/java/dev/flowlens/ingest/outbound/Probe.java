package dev.flowlens.ingest.outbound;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The smallest REST client: {@code GET /}, to call a server through {@link GuardedRestClient} alone. */
@RegisterRestClient
@Path("/")
public interface Probe {

    @GET
    Response get();
}
