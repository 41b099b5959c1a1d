package dev.flowlens.gateway.graphql.error;

import io.smallrye.graphql.api.ErrorCode;

/** A backing service failed or could not be reached. GraphQL error code UNAVAILABLE. */
@ErrorCode("UNAVAILABLE")
public class UnavailableException extends RuntimeException {

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
