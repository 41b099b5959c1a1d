package dev.flowlens.problem;

import java.util.List;
import java.util.function.Supplier;

/** 400: the request broke one or more rules; each is listed as a violation. */
public final class BadInputException extends ProblemException {

    /** One rule broken by {@code field}: detail {@code "field: message"}. */
    public BadInputException(String field, String message) {
        super(ProblemType.INVALID_INPUT, field + ": " + message, List.of(new Problem.Violation(field, message)), null);
    }

    /** Several rules broken (or one, summed up by {@code detail}). */
    public BadInputException(String detail, List<Problem.Violation> violations) {
        super(ProblemType.INVALID_INPUT, detail, violations, null);
    }

    /** A rule stated in words, field first ({@link Problem.Violation#of}): the detail is the text as given. */
    public static BadInputException of(String text) {
        return new BadInputException(text, List.of(Problem.Violation.of(text)));
    }

    /** Several rules stated in words, field first; the detail joins them with "; ". */
    public static BadInputException ofAll(List<String> texts) {
        return new BadInputException(String.join("; ", texts), texts.stream().map(Problem.Violation::of).toList());
    }

    /**
     * Runs a check whose contract is to throw {@link IllegalArgumentException} naming what is wrong with its input
     * (the pure rules of the {@code calc} package do): that refusal is the caller's bad input. Only around such
     * checks: an {@code IllegalArgumentException} from anywhere else is a bug, and answers 500.
     */
    public static <T> T whenRejected(Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw of(e.getMessage());
        }
    }

    /** As {@link #whenRejected(Supplier)}, for a check that returns nothing. */
    public static void check(Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw of(e.getMessage());
        }
    }
}
