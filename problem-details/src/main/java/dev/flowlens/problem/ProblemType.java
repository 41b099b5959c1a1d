package dev.flowlens.problem;

/**
 * The kinds of problem the Flowlens HTTP APIs answer, each with its status, its {@code type} URI and its
 * {@code title} (the same for every occurrence; what differs goes in {@code detail}). The URIs identify, they
 * are not links (docs/api.md, "Errors").
 */
public enum ProblemType {
    /** 400: the request broke a rule; {@code violations} say which field and why. */
    INVALID_INPUT(400, "invalid-input", "Invalid input"),
    /** 401: the caller could not be authenticated (a webhook's signature, for instance). */
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    /** 404: the thing named does not exist. */
    NOT_FOUND(404, "not-found", "Not found"),
    /** 409: the request clashes with the current state (a sync already running). */
    CONFLICT(409, "conflict", "Conflict"),
    /** 413: the body is larger than the endpoint takes. */
    TOO_LARGE(413, "too-large", "Content too large"),
    /** 429: too much is being received at once; retry later. */
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
    /** 500: a fault of the service, not of the request; the answer carries only an {@code errorId}. */
    INTERNAL_ERROR(500, "internal-error", "Internal error"),
    /** 503: the service cannot do it right now; nothing was done, retry (after {@code Retry-After} when given). */
    UNAVAILABLE(503, "unavailable", "Service unavailable");

    /** The prefix of every {@link #uri()}. */
    public static final String URI_PREFIX = "urn:flowlens:problem:";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** The HTTP status answered. */
    public int status() {
        return status;
    }

    /** The problem's {@code type}, e.g. {@code urn:flowlens:problem:invalid-input}. */
    public String uri() {
        return URI_PREFIX + slug;
    }

    /** The problem's {@code title}. */
    public String title() {
        return title;
    }
}
