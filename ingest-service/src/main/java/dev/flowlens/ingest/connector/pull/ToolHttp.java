package dev.flowlens.ingest.connector.pull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowlens.outbound.AddressGuard;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * What every {@code <Tool>Client} adds to its REST client: transient failures (5xx, connection
 * errors) retried with exponential backoff and a circuit breaker (SmallRye Fault Tolerance, one
 * {@link Guard} per connector so its circuit outlives a single run), rate limits sat out by
 * waiting as long as the tool says, which neither counts as a failure nor trips the breaker, and
 * the {@link AddressGuard}'s check of the tool's host before each request (the REST client, built by
 * {@link dev.flowlens.ingest.outbound.GuardedRestClient}, checks the address it connected to as well). A refused address
 * fails the run at once, without retries.
 *
 * <p>A refusal of the tool is reported with its status and, when its body is a JSON error, the
 * tool's own message ({@link ErrorMessage}); any other body (an HTML error page, a proxy's or an
 * internal service's answer) is never echoed into {@code lastError}.
 *
 * <p>Calls block: a sync runs on its own worker thread (never an event loop thread), so a wait
 * is a plain sleep of that thread. One instance serves one sync run and is not shared.
 */
public final class ToolHttp {

    /** A tool's answer, read in full: status, headers (lower-case names) and body. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A tool's rate-limit rule: how long to wait, given an answer, before the next request. */
    @FunctionalInterface
    public interface RateLimitRule {
        Optional<Duration> waitFor(Answer answer, Instant now);
    }

    /** Where a tool puts its error message in a JSON error body (GitHub/GitLab {@code message}, Jira {@code errorMessages}). */
    @FunctionalInterface
    public interface ErrorMessage {
        Optional<String> of(JsonNode error);
    }


    /** Who watches a run's requests and waits (the run's progress); {@link #NONE} for nobody. */
    public interface Observer {
        /** Nobody watches. */
        Observer NONE = new Observer() {
        };

        /** A request is about to be sent ({@code what}: e.g. {@code GET /repos/a/b/issues}). */
        default void request(String what) {
        }

        /** A rate-limit wait begins: why (the answer that asked for it) and when the next request goes out. */
        default void waiting(String reason, Instant until) {
        }

        /** The wait is over. */
        default void waited() {
        }
    }

    /** The rate-limit headers a wait's reason quotes, as the tools spell them. */
    private static final List<String> RATE_LIMIT_HEADERS = List.of("Retry-After", "X-RateLimit-Remaining", "X-RateLimit-Reset",
            "RateLimit-Remaining", "RateLimit-Reset");

    private static final Logger LOG = Logger.getLogger(ToolHttp.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest tool error message kept in {@code lastError}. */
    private static final int MAX_MESSAGE = 300;
    private static final Pattern LINK_VALUES = Pattern.compile("\\s*,\\s*(?=<)");
    /** Consecutive rate-limit answers to one request before giving up: a tool that never lets us in is an error. */
    private static final int MAX_WAITS_PER_REQUEST = 20;

    private final String tool;
    private final AddressGuard addresses;
    private final String host;
    private final Guard guard;
    private final RateLimitRule rule;
    private final ErrorMessage errorMessage;
    private final Duration maxWait;
    private final PullClock clock;
    private final Observer observer;
    /** When the next request may go out (the tool's reset), set by an answer that asked for a wait. */
    private Instant nextAllowedAt;
    private String waitReason;
    private int waits;
    private int requests;

    /** @param base where the tool's REST client sends its requests (its host is checked before each) */
    public ToolHttp(String tool, AddressGuard addresses, URI base, Guard guard, RateLimitRule rule, ErrorMessage errorMessage,
            Duration maxWait, PullClock clock) {
        this(tool, addresses, base, guard, rule, errorMessage, maxWait, clock, Observer.NONE);
    }

    /** As above, with an observer told of each request and rate-limit wait. */
    public ToolHttp(String tool, AddressGuard addresses, URI base, Guard guard, RateLimitRule rule, ErrorMessage errorMessage,
            Duration maxWait, PullClock clock, Observer observer) {
        this.observer = observer;
        this.tool = tool;
        this.addresses = addresses;
        this.host = base.getHost();
        this.guard = guard;
        this.rule = rule;
        this.errorMessage = errorMessage;
        this.maxWait = maxWait;
        this.clock = clock;
    }

    /** The guard of one connector: retry with exponential backoff inside a circuit breaker. */
    public static Guard guard(String description, SyncConfig config) {
        return Guard.create().withDescription(description)
                .withRetry().maxRetries(config.maxRetries())
                .delay(config.retryDelay().toMillis(), java.time.temporal.ChronoUnit.MILLIS)
                .maxDuration(config.retryMaxDelay().multipliedBy(config.maxRetries() + 1L).plusMinutes(1).toMillis(),
                        java.time.temporal.ChronoUnit.MILLIS) // bounded by maxRetries, not by time
                .jitter(0, java.time.temporal.ChronoUnit.MILLIS)
                .retryOn(PullFailure.Transient.class)
                .withExponentialBackoff().factor(2).maxDelay(config.retryMaxDelay().toMillis(), java.time.temporal.ChronoUnit.MILLIS).done()
                .done()
                .withCircuitBreaker().failOn(PullFailure.Transient.class).requestVolumeThreshold(20).failureRatio(0.5)
                .delay(config.circuitBreakerDelay().toMillis(), java.time.temporal.ChronoUnit.MILLIS).done()
                .build();
    }

    /**
     * Sends a GET (as often as needed) and answers its 2xx answer.
     *
     * @param what    the request as the admin should read it in an error, e.g. {@code GET /repos/a/b/issues}
     * @param request sends the request once
     * @throws PullFailure when the tool refuses, keeps failing, or asks for a longer wait than allowed
     */
    public Answer get(String what, Supplier<Response> request) {
        for (int attempt = 0; ; attempt++) {
            pause(what);
            Answer answer;
            try {
                answer = guard.call(() -> once(what, request), Answer.class);
            } catch (CircuitBreakerOpenException e) {
                throw new PullFailure(tool + " circuit is open after repeated failures; " + what + " not sent, the next sync retries");
            } catch (PullFailure e) {
                throw e;
            } catch (Exception e) {
                throw new PullFailure(what + " failed: " + e.getMessage(), e);
            }
            Instant answeredAt = clock.now();
            Optional<Duration> wait = rule.waitFor(answer, answeredAt);
            if (answer.status() < 300) {
                // the quota is spent: the next request waits until the tool's reset, this answer counts
                nextAllowedAt = wait.map(answeredAt::plus).orElse(null);
                waitReason = wait.isPresent() ? waitReason(what, answer) : null;
                return answer;
            }
            if (wait.isEmpty()) {
                throw new PullFailure(answered(what, answer.status(), answer.body()));
            }
            if (attempt + 1 >= MAX_WAITS_PER_REQUEST) {
                throw new PullFailure(what + ": still rate limited after " + MAX_WAITS_PER_REQUEST + " waits");
            }
            nextAllowedAt = answeredAt.plus(wait.get());
            waitReason = waitReason(what, answer);
        }
    }

    /** Why a wait: the request, its status and the rate-limit headers of the answer, e.g. {@code ... answered 429 (Retry-After: 30)}. */
    private static String waitReason(String what, Answer answer) {
        List<String> quoted = new ArrayList<>();
        for (String h : RATE_LIMIT_HEADERS) {
            String v = answer.header(h);
            if (v != null) {
                quoted.add(h + ": " + plain(v));
            }
        }
        return what + " answered " + answer.status() + (quoted.isEmpty() ? "" : " (" + String.join(", ", quoted) + ")");
    }

    /** Requests sent so far (every attempt, retries and rate-limited ones included). */
    public int requests() {
        return requests;
    }

    /** Rate-limit waits sat out so far. */
    public int waits() {
        return waits;
    }

    private void pause(String what) {
        Instant until = nextAllowedAt;
        nextAllowedAt = null;
        if (until == null) {
            return;
        }
        // the wait counts from the answer that asked for it: the time spent on that answer since is not waited again
        Duration wait = Duration.between(clock.now(), until);
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        if (wait.compareTo(maxWait) > 0) {
            throw new PullFailure(tool + " rate limit: " + what + " may only be sent again at " + until
                    + ", later than the longest wait allowed (" + maxWait + "); the next sync resumes from the cursor");
        }
        waits++;
        String reason = waitReason == null ? tool + " rate limit" : waitReason;
        waitReason = null;
        LOG.infof("%s rate limit reached: waiting %d ms, until %s, before %s, because %s", tool, wait.toMillis(), until, what,
                reason);
        observer.waiting(reason, until);
        try {
            clock.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullFailure("sync interrupted while waiting for the " + tool + " rate limit");
        }
        observer.waited();
    }

    private Answer once(String what, Supplier<Response> request) {
        requests++;
        observer.request(what);
        Response response;
        try {
            addresses.checkHost(host);
            response = request.get();
        } catch (RuntimeException e) {
            throw failed(what, e);
        }
        try (response) {
            Map<String, String> headers = new TreeMap<>();
            response.getStringHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            int status = response.getStatus();
            if (status >= 500 || status == 408) {
                LOG.warnf("%s answered %d: retrying with backoff", what, status);
                throw new PullFailure.Transient(answered(what, status, body), null);
            }
            return new Answer(status, headers, body);
        } catch (ProcessingException e) {
            throw failed(what, e);
        }
    }

    /**
     * A request that got no answer: refused by the address guard, before it or at connect time (final: no retry);
     * a connection or read failure (worth a retry); else the failure as it is.
     */
    private static RuntimeException failed(String what, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AddressGuard.Refused refused) {
                return new PullFailure(what + " not sent: " + refused.getMessage());
            }
        }
        return e instanceof ProcessingException ? new PullFailure.Transient(what + ": " + rootMessage(e), e) : e;
    }

    /**
     * A tool's refusal for the admin: the request, the status, what it usually means and, from a JSON error body, the
     * tool's own message, as plain text. Never the body itself: an HTML page or another service's answer stays out.
     */
    private String answered(String what, int status, String body) {
        return what + " answered " + status + hint(status) + toolMessage(body).map(m -> ": " + m).orElse("");
    }

    private Optional<String> toolMessage(String body) {
        JsonNode error;
        try {
            error = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException notJson) {
            return Optional.empty();
        }
        if (error == null || !error.isObject()) {
            return Optional.empty();
        }
        return errorMessage.of(error).map(ToolHttp::plain).filter(m -> !m.isEmpty());
    }

    /**
     * A tool's text as one line: control and format characters (bidi overrides included) and runs of blanks become
     * one space; at most 300 characters.
     */
    static String plain(String text) {
        String t = text.replaceAll("[\\p{Cc}\\p{Cf}\\p{Z}\\s]+", " ").trim();
        return t.length() > MAX_MESSAGE ? t.substring(0, MAX_MESSAGE) + "…" : t;
    }

    /** The text of a JSON field that is a string, or of the strings an array or object holds ({@code a; b}). */
    public static Optional<String> text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.asText()).filter(t -> !t.isBlank());
        }
        List<String> parts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(e -> text(e).ifPresent(parts::add));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> text(f.getValue()).ifPresent(t -> parts.add(f.getKey() + ": " + t)));
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }

    /**
     * The target of {@code rel="next"} in an RFC 8288 {@code Link} header, if any. Each link value is parsed by
     * JAX-RS ({@link Link#valueOf}); values are split at the commas that start a new {@code <target>}, so a comma
     * inside a target stays.
     */
    public static Optional<URI> nextLink(String linkHeader) {
        if (linkHeader == null) {
            return Optional.empty();
        }
        for (String value : LINK_VALUES.split(linkHeader.trim())) {
            Link link = Link.valueOf(value);
            if (link.getRels().contains("next")) {
                return Optional.of(link.getUri());
            }
        }
        return Optional.empty();
    }

    /**
     * The query parameters of a link, decoded by Netty's {@link QueryStringDecoder} ({@code ;} is no separator, a
     * repeated parameter keeps its last value). The tools' next links point to the resource just read (GitHub sometimes by repository id instead
     * of name), so the typed client method is called again with the link's parameters.
     */
    public static Map<String, String> query(URI link) {
        Map<String, String> out = new LinkedHashMap<>();
        QueryStringDecoder.builder().semicolonIsNormalChar(true).build(link).parameters().forEach((k, v) -> out.put(k, v.get(v.size() - 1)));
        return out;
    }

    /** {@code Retry-After} in seconds (the tools send seconds, not HTTP dates). */
    public static Optional<Duration> retryAfter(Answer a) {
        String v = a.header("retry-after");
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The wait until an epoch-seconds reset time ({@code X-RateLimit-Reset}, {@code RateLimit-Reset}), at least 0. */
    public static Optional<Duration> untilEpochSeconds(String reset, Instant now) {
        if (reset == null) {
            return Optional.empty();
        }
        try {
            Duration d = Duration.between(now, Instant.ofEpochSecond(Long.parseLong(reset.trim())));
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> " (the connector's token was refused: check it)";
            case 403 -> " (the token lacks a permission for this resource)";
            case 404 -> " (no such repository, project or endpoint, or the token cannot see it: check the selector and baseUrl)";
            case 410 -> " (gone: the resource or API version was removed)";
            default -> "";
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
