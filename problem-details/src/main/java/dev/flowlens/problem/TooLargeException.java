package dev.flowlens.problem;

/** 413: the body is larger than the endpoint takes. */
public final class TooLargeException extends ProblemException {

    public TooLargeException(String detail) {
        super(ProblemType.TOO_LARGE, detail, null, null);
    }
}
