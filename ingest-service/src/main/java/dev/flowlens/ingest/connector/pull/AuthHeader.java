package dev.flowlens.ingest.connector.pull;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/**
 * Adds a connector's credential to every request of its tool client. A filter rather than a
 * method parameter, so the token never appears in a signature that could be logged.
 */
public final class AuthHeader implements ClientRequestFilter {

    private final String name;
    private final String value;

    public AuthHeader(String name, String value) {
        this.name = name;
        this.value = value;
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(name, value);
    }

    @Override
    public String toString() {
        return "AuthHeader[" + name + "]"; // never the value
    }
}
