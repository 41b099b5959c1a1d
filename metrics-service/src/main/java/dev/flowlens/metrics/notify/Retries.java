package dev.flowlens.metrics.notify;

import java.time.Duration;

/**
 * When a failed POST is tried again, and which answers are worth another try: pure rules
 * (docs/operations.md "Notifiers", docs/decisions.md "Notifier answers 4xx").
 */
public final class Retries {

    /** What an answer means for the event that was sent. */
    public enum Verdict {
        /** 2xx: delivered; the next event of the stream goes. */
        DELIVERED,
        /** Tried again after a backoff: 5xx, 408, 429, and the 4xx of a receiver that is set up wrong. */
        RETRY,
        /** Given up at once: the receiver refuses this very body, which no further attempt changes. */
        REJECTED
    }

    private Retries() {
    }

    /**
     * The verdict on a status code. 2xx is delivered. 400, 413, 415 and 422 say that this body is refused: the event is
     * given up (retrying the same bytes cannot succeed, and its stream's later events would wait behind it for days).
     * Every other status is retried: 5xx, 408 and 429 are transient by definition, and 401, 403, 404, 410 or a 3xx
     * (redirects are not followed) mean a receiver set up wrong, which an admin fixes; alerts then arrive late, not
     * never.
     */
    public static Verdict verdict(int status) {
        if (status >= 200 && status < 300) {
            return Verdict.DELIVERED;
        }
        return switch (status) {
            case 400, 413, 415, 422 -> Verdict.REJECTED;
            default -> Verdict.RETRY;
        };
    }

    /**
     * The wait after the {@code failures}-th failed attempt (1 = the first): {@code initial} doubled at each further
     * failure, at most {@code max}.
     */
    public static Duration backoff(int failures, Duration initial, Duration max) {
        long maxMillis = max.toMillis();
        long millis = failures < 1 ? 0 : initial.toMillis();
        for (int i = 1; i < failures && millis > 0 && millis < maxMillis; i++) {
            millis *= 2; // below max (at most 2^62 ms), so no overflow
        }
        return Duration.ofMillis(Math.min(millis, maxMillis));
    }
}
