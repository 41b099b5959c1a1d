package dev.flowlens.problem;

import java.util.List;
import java.util.Map;

/**
 * A request the service refuses on purpose: {@link ProblemMapper} answers it as its {@link Problem}. Anything else
 * thrown out of a resource is a fault of the service (a 500 with an error id), never the caller's. No stack
 * trace is taken: these are answers, not failures.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.Violation> violations;
    private final Map<String, String> headers;

    protected ProblemException(ProblemType type, String detail, List<Problem.Violation> violations,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.violations = violations == null ? List.of() : List.copyOf(violations);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** The kind of problem (and so the status). */
    public ProblemType type() {
        return type;
    }

    /** The rules broken, by field (400 only). */
    public List<Problem.Violation> violations() {
        return violations;
    }

    /** Headers the answer carries besides the body ({@code Retry-After}). */
    public Map<String, String> headers() {
        return headers;
    }

    /** The answer's body for a request to {@code instance}. */
    public Problem problem(String instance) {
        return Problem.of(type, getMessage(), instance, violations);
    }
}
