package dev.flowlens.gateway.graphql.error;

import io.smallrye.graphql.api.ErrorCode;

/** The id names nothing (an unknown connector). GraphQL error code NOT_FOUND. */
@ErrorCode("NOT_FOUND")
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}
