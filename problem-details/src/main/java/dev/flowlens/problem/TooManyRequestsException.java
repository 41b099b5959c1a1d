package dev.flowlens.problem;

import java.util.Map;

/** 429: too much is being received at once; nothing was done, retry after {@code Retry-After}. */
public final class TooManyRequestsException extends ProblemException {

    public TooManyRequestsException(String detail, long retryAfterSeconds) {
        super(ProblemType.TOO_MANY_REQUESTS, detail, null, Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }
}
