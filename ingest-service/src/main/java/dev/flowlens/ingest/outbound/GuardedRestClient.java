package dev.flowlens.ingest.outbound;

import dev.flowlens.outbound.AddressGuard;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import java.net.URI;

/** The REST clients of ingest-service's calls to configured URLs (connectors' tools), checked by the address guard. */
public final class GuardedRestClient {

    private GuardedRestClient() {
    }

    /**
     * A REST client builder for a configured base URL. Each request is checked against the address its connection
     * reached before any of it is written ({@link AddressGuard#atConnect}), and refused with
     * {@link AddressGuard.Refused} (the client reports it as the cause of its {@code ProcessingException});
     * redirects are not followed, so a tool cannot send the call elsewhere.
     */
    public static QuarkusRestClientBuilder builder(AddressGuard addresses, URI base) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(base).followRedirects(false)
                .httpClientRequestCustomizer(addresses::atConnect);
    }
}
