package dev.flowlens.ingest.connector.pull;

/**
 * A pull that cannot go on: a tool's refusal (401, 404...), a rate limit too long to sit out, an
 * answer that is not what the tool documents. The message is what the admin sees as the
 * connector's {@code lastError}: it names the request and the cause, never a token.
 */
public class PullFailure extends RuntimeException {

    public PullFailure(String message) {
        super(message);
    }

    public PullFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure worth retrying with backoff: a 5xx answer or a connection that failed. */
    public static final class Transient extends PullFailure {
        public Transient(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
