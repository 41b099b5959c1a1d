package dev.flowlens.gateway.graphql.error;

import io.smallrye.graphql.api.ErrorCode;

/**
 * An operation reached the gateway without a valid token. Over HTTP that is a 401 before GraphQL runs; over a
 * WebSocket (where browsers cannot set headers) the token comes in the {@code connection_init} payload, and a
 * subscription without one gets this error. GraphQL error code UNAUTHENTICATED.
 */
@ErrorCode("UNAUTHENTICATED")
public class UnauthenticatedException extends RuntimeException {

    public UnauthenticatedException(String message) {
        super(message, null, false, false);
    }
}
