package dev.flowlens.problem;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 9457 problem details body ({@value #MEDIA_TYPE}), the one error answer of every Flowlens HTTP API, with
 * two extension members: {@code violations} (on 400: each broken rule, by field) and {@code errorId} (on 500: the
 * id under which the service logged the failure; nothing else about it is told).
 *
 * @param type       the problem's kind as a URI ({@link ProblemType#uri()}, or {@code about:blank} for a bare status)
 * @param title      the same for every occurrence of the type
 * @param status     the HTTP status
 * @param detail     this occurrence, in words a user can act on
 * @param instance   the request path that met the problem
 * @param errorId    on 500 only: quote it to an operator, it is in the service's log with the stack trace
 * @param violations on 400 only: what was wrong, and where
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Problem(String type, String title, Integer status, String detail, String instance, String errorId,
        List<Violation> violations) {

    /** The content type of a problem details body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One rule a request broke.
     *
     * @param field   where, as a path into the request ({@code events[3].data.at}, {@code window.to}); absent when
     *                the rule is about the request as a whole
     * @param message what is wrong there
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Violation(String field, String message) {

        /** A leading field path followed by {@code ": "} or by a rule starting with "must". */
        private static final Pattern FIELD_FIRST = Pattern.compile(
                "^([A-Za-z_][A-Za-z0-9_]*(?:\\[\\d+])*(?:\\.[A-Za-z_][A-Za-z0-9_]*(?:\\[\\d+])*)*)(?::\\s*(.+)|\\s+(must\\b.*))$",
                Pattern.DOTALL);

        /**
         * The violation a message names, for messages written as CONVENTIONS.md asks, the field first:
         * {@code "window.to must be after window.from"} is field {@code window.to}, message {@code "must be after
         * window.from"}; {@code "kind: must be one of ..."} is field {@code kind}. A message that names no field
         * first is kept whole, with no field.
         */
        public static Violation of(String text) {
            if (text == null) {
                return new Violation(null, null);
            }
            Matcher m = FIELD_FIRST.matcher(text);
            if (!m.matches()) {
                return new Violation(null, text);
            }
            return new Violation(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
    }

    /** A problem of a known kind. */
    public static Problem of(ProblemType type, String detail, String instance, List<Violation> violations) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, null,
                violations == null || violations.isEmpty() ? null : List.copyOf(violations));
    }

    /** A bare HTTP status ({@code about:blank}, titled by its reason phrase): what the framework refused. */
    public static Problem ofStatus(int status, String reasonPhrase, String detail, String instance) {
        return new Problem("about:blank", reasonPhrase, status, detail, instance, null, null);
    }

    /** A 500: only the id under which the failure was logged. */
    public static Problem internalError(String errorId, String instance) {
        ProblemType t = ProblemType.INTERNAL_ERROR;
        return new Problem(t.uri(), t.title(), t.status(), "an unexpected error occurred; it was logged with error id "
                + errorId, instance, errorId, null);
    }

    /** This problem as JSON, for answers written outside Quarkus REST (a Vert.x route). */
    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A problem read from an answer's body; empty when the body is not a problem details object. */
    public static Optional<Problem> read(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            Problem p = JSON.readValue(body, Problem.class);
            return p != null && p.status() != null ? Optional.of(p) : Optional.empty();
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
