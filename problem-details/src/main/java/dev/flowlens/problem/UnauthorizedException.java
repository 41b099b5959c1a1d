package dev.flowlens.problem;

/** 401: the caller could not be authenticated. */
public final class UnauthorizedException extends ProblemException {

    public UnauthorizedException(String detail) {
        super(ProblemType.UNAUTHORIZED, detail, null, null);
    }
}
