package dev.flowlens.gateway.graphql.error;

import io.smallrye.graphql.api.ErrorCode;

/** The token is valid but lacks the role an operation needs. GraphQL error code FORBIDDEN. */
@ErrorCode("FORBIDDEN")
public class ForbiddenOperationException extends RuntimeException {

    public ForbiddenOperationException(String message) {
        super(message, null, false, false);
    }
}
