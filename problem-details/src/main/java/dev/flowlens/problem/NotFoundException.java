package dev.flowlens.problem;

/** 404: the thing named does not exist. */
public final class NotFoundException extends ProblemException {

    public NotFoundException(String detail) {
        super(ProblemType.NOT_FOUND, detail, null, null);
    }
}
