package dev.flowlens.gateway.graphql.error;

import io.smallrye.graphql.api.ErrorCode;

/** The operation clashes with one already going on (a sync of the same connector). GraphQL error code CONFLICT. */
@ErrorCode("CONFLICT")
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message, null, false, false);
    }
}
