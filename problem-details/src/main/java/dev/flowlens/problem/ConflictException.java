package dev.flowlens.problem;

/** 409: the request clashes with the current state. */
public final class ConflictException extends ProblemException {

    public ConflictException(String detail) {
        super(ProblemType.CONFLICT, detail, null, null);
    }
}
