package dev.flowlens.gateway.graphql.error;

import io.smallrye.graphql.api.ErrorCode;

/** The request was wrong; the message says what and where. GraphQL error code BAD_USER_INPUT. */
@ErrorCode("BAD_USER_INPUT")
public class BadUserInputException extends RuntimeException {

    public BadUserInputException(String message) {
        super(message, null, false, false);
    }
}
