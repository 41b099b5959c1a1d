package dev.flowlens.problem;

import java.util.Map;

/**
 * 503: the service cannot do it right now (its database, its key); nothing was done. With a {@code Retry-After}
 * when the caller should simply try again.
 */
public final class UnavailableException extends ProblemException {

    /** Not worth retrying until an operator acts (a missing key). */
    public UnavailableException(String detail) {
        super(ProblemType.UNAVAILABLE, detail, null, null);
    }

    /** Worth retrying after {@code retryAfterSeconds}. */
    public UnavailableException(String detail, long retryAfterSeconds) {
        super(ProblemType.UNAVAILABLE, detail, null, Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }
}
