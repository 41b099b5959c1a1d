package dev.flowlens.metrics.notify;

import dev.flowlens.internalapi.metrics.NotifierFormat;
import dev.flowlens.outbound.AddressGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Delivers the notifiers' outbox (docs/operations.md "Notifiers"): every {@code flowlens.notifiers.poll-interval} it
 * claims the events that are due, the oldest undelivered event of each (notifier, value stream) and no other, so that a
 * stream's events arrive in order: the next waits until the one before it was delivered (2xx) or given up. Each claimed
 * event is POSTed once, asynchronously, signed, with its idempotency key; an answer or failure is written back (and
 * the claim released). A failure is tried again after a backoff that doubles up to {@code retry-max-delay}, for
 * {@code max-age}; then the event is given up. One notifier has at most {@code concurrency} POSTs in flight from an
 * instance (one per stream), so a receiver that hangs holds its own events only.
 *
 * <p>Several instances deliver together: a claim is a conditional update ({@code claimed_until} in the past), which
 * one instance wins; an instance that dies mid-POST frees its claims when they expire, and its event is sent again
 * (the same {@code Idempotency-Key}).
 *
 * <p>The receiver's address passes the {@link AddressGuard} when the event is sent (its host resolved and checked now,
 * and the connection pinned to the checked address) and again on the connection itself before a byte is written.
 */
@ApplicationScoped
public class NotifierDispatcher {
    private static final Logger LOG = Logger.getLogger(NotifierDispatcher.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(30);
    private static final Duration CLAIM_MARGIN = Duration.ofSeconds(30);
    private static final int MAX_STATUS_TEXT = 100;

    private static final String CLAIM = """
            with heads as (
                select distinct on (notifier_id, value_stream_id) id, notifier_id, next_attempt_at, claimed_until
                from metrics.notifier_delivery
                where delivered_at is null and failed_at is null
                order by notifier_id, value_stream_id, id
            ), due as (
                select id, row_number() over (partition by notifier_id order by next_attempt_at, id) as rank
                from heads
                where next_attempt_at <= now() and (claimed_until is null or claimed_until < now())
                  and notifier_id <> all($2)
            ), picked as (
                select id from due where rank <= $3 order by rank, id limit $4
            )
            update metrics.notifier_delivery d set claimed_until = now() + make_interval(secs => $1)
            from picked, metrics.notifier n
            where d.id = picked.id and n.id = d.notifier_id
              and d.delivered_at is null and d.failed_at is null and (d.claimed_until is null or d.claimed_until < now())
            returning d.id, d.notifier_id, d.value_stream_name, d.event, d.alert, d.attempts, n.url, n.format, n.secret_enc
            """;

    private static final String DELIVERED = """
            with d as (
                update metrics.notifier_delivery set delivered_at = now(), claimed_until = null, attempts = attempts + 1
                where id = $1 returning notifier_id
            )
            update metrics.notifier n set last_delivery_at = now(), last_error = null from d where n.id = d.notifier_id
            """;

    /** $1 id, $2 the error, $3 seconds to the next attempt, $4 max age in seconds, $5 give up now, $6 the given-up text. */
    private static final String FAILED = """
            with d as (
                update metrics.notifier_delivery set attempts = attempts + 1, claimed_until = null, last_error = $2,
                    next_attempt_at = now() + make_interval(secs => $3),
                    failed_at = case when $5 or enqueued_at < now() - make_interval(secs => $4) then now() end
                where id = $1 returning notifier_id, failed_at
            )
            update metrics.notifier n set last_error = case when d.failed_at is null then $2 else $6 end
            from d where n.id = d.notifier_id
            returning d.failed_at is not null
            """;

    private final Pool pool;
    private final NotifierConfig config;
    private final NotifierSecrets secrets;
    private final AddressGuard addresses;
    private final HttpClient http;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger inFlightTotal = new AtomicInteger();
    private final Vertx vertx;
    private final Counter delivered;
    private final Counter retried;
    private final Counter givenUp;

    public NotifierDispatcher(Pool pool, NotifierConfig config, NotifierSecrets secrets, AddressGuard addresses,
            Vertx vertx, MeterRegistry registry) {
        this.pool = pool;
        this.config = config;
        this.secrets = secrets;
        this.addresses = addresses;
        this.vertx = vertx;
        int timeout = (int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis());
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeout)
                .setMaxPoolSize(Math.max(1, config.maxInFlight())).setVerifyHost(true)
                .setName("flowlens-notifiers"));
        this.delivered = Counter.builder("flowlens.notifier.delivered")
                .description("Alert events a notifier's receiver accepted (2xx)").register(registry);
        this.retried = Counter.builder("flowlens.notifier.retried")
                .description("Failed notifier POSTs that are tried again after a backoff").register(registry);
        this.givenUp = Counter.builder("flowlens.notifier.failed")
                .description("Alert events given up (refused body, or older than flowlens.notifiers.max-age)")
                .register(registry);
    }

    void stop(@Observes ShutdownEvent event) {
        http.close();
    }

    @Scheduled(every = "${flowlens.notifiers.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            dispatch();
        } catch (RuntimeException e) {
            LOG.debugf("notifier dispatch skipped this tick: %s", e.getMessage());
        }
    }

    /**
     * Forgets delivered and given-up events a day after they left the window a restarted instance catches up over
     * ({@code max-age}): until then their rows keep the catch-up from enqueueing them again.
     */
    @Scheduled(every = "1h", delay = 1, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        try {
            pool.preparedQuery("delete from metrics.notifier_delivery where (delivered_at is not null or failed_at is not null)"
                    + " and enqueued_at < now() - make_interval(secs => $1)")
                    .execute(Tuple.of(config.maxAge().plusDays(1).toSeconds())).await().atMost(DB_WAIT);
        } catch (RuntimeException e) {
            LOG.debugf("notifier outbox not pruned this time: %s", e.getMessage());
        }
    }

    /**
     * Claims the events that are due and sends them; answers without waiting for the receivers.
     *
     * @return how many events it claimed
     */
    int dispatch() {
        int room = config.maxInFlight() - inFlightTotal.get();
        if (room <= 0) {
            return 0;
        }
        int claimedCount = 0;
        String[] busy = inFlight.entrySet().stream().filter(e -> e.getValue().get() > 0).map(Map.Entry::getKey)
                .toArray(String[]::new);
        long claimSeconds = config.requestTimeout().plus(CLAIM_MARGIN).toSeconds();
        for (Row row : pool.preparedQuery(CLAIM).execute(Tuple.of(claimSeconds, busy, config.concurrency(), room))
                .await().atMost(DB_WAIT)) {
            Claimed claimed = new Claimed(row.getLong("id"), row.getString("notifier_id"), row.getString("event"),
                    row.getString("value_stream_name"), row.getJsonObject("alert"), row.getInteger("attempts"),
                    row.getString("url"), NotifierFormat.valueOf(row.getString("format")),
                    Optional.ofNullable(row.getBuffer("secret_enc")).map(b -> b.getBytes()).orElse(null));
            claimedCount++;
            inFlight.computeIfAbsent(claimed.notifierId(), k -> new AtomicInteger()).incrementAndGet();
            inFlightTotal.incrementAndGet();
            Future<Answer> answer;
            try {
                answer = post(claimed);
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
            answer.onComplete(result -> record(claimed, result.succeeded() ? result.result() : null, result.cause()));
        }
        return claimedCount;
    }

    /** A claimed event with what it takes to send it. */
    record Claimed(long id, String notifierId, String event, String streamName, JsonObject alert, int attempts, String url,
            NotifierFormat format, byte[] secretEnc) {
        AlertEvent alertEvent() {
            return new AlertEvent(event, NotifierOutbox.alert(alert), streamName);
        }
    }

    /** POSTs one event; the future answers the receiver's answer (any status), or fails (refused, unreachable, timed out). */
    private Future<Answer> post(Claimed c) {
        AlertEvent event = c.alertEvent();
        byte[] body = NotifierBodies.of(c.format(), event);
        String secret = secrets.open(c.secretEnc());
        URI url = URI.create(c.url());
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        InetAddress address = checkedAddress(url.getHost());
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        long timeout = config.requestTimeout().toMillis();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(url.getHost()).setPort(port).setSsl(https).setURI(path)
                .setConnectTimeout(timeout).setIdleTimeout(timeout).setFollowRedirects(false)
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "Flowlens-Notifier")
                .putHeader("Idempotency-Key", event.idempotencyKey())
                .putHeader("X-Flowlens-Event", event.event());
        if (secret != null) {
            options.putHeader(Signature.HEADER, Signature.of(secret, body));
        }
        Promise<Answer> answer = Promise.promise();
        java.util.concurrent.atomic.AtomicReference<HttpClientRequest> sent = new java.util.concurrent.atomic.AtomicReference<>();
        long timer = vertx.setTimer(timeout, t -> {
            if (answer.tryFail(new TimeoutException("no answer within " + timeout + " ms"))) {
                HttpClientRequest request = sent.get();
                if (request != null) {
                    request.reset(); // the connection is closed, not left to the receiver
                }
            }
        });
        http.request(options).compose(request -> {
            sent.set(request);
            return send(request, body);
        }).onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.succeeded()) {
                answer.tryComplete(result.result());
            } else {
                answer.tryFail(result.cause());
            }
        });
        return answer.future();
    }

    private Future<Answer> send(HttpClientRequest request, byte[] body) {
        if (!addresses.atConnect(request)) {
            return request.response().map(r -> new Answer(r.statusCode(), r.statusMessage())); // fails with the refusal
        }
        return request.send(Buffer.buffer(body)).compose(response -> {
            int status = response.statusCode();
            String reason = response.statusMessage();
            response.handler(chunk -> {
            }); // the receiver's body is not read, only drained
            return response.end().map(v -> new Answer(status, reason));
        });
    }

    /** A receiver's answer: its status and reason phrase (shown in lastError cleaned, never its body). */
    record Answer(int status, String reason) {
        @Override
        public String toString() {
            String r = reason == null ? "" : reason.replaceAll("\\p{Cntrl}", " ").strip();
            return status + (r.isEmpty() ? "" : " " + (r.length() > MAX_STATUS_TEXT ? r.substring(0, MAX_STATUS_TEXT) : r));
        }
    }

    /** The address to connect to: the host resolved now, its first address the guard allows. */
    private InetAddress checkedAddress(String host) {
        addresses.checkHost(host); // names the host and address when every address is refused
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (addresses.refusal(a).isEmpty()) {
                    return a;
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("'" + host + "' does not resolve");
        }
        throw new IllegalStateException("'" + host + "' has no address outbound calls may reach");
    }

    /** Writes an attempt's outcome back and releases the claim. */
    private void record(Claimed c, Answer answer, Throwable failure) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String what = now + ": POST of " + c.alertEvent().idempotencyKey() + " to " + hostOf(c.url());
        Retries.Verdict verdict = answer == null ? Retries.Verdict.RETRY : Retries.verdict(answer.status());
        io.smallrye.mutiny.Uni<?> write;
        if (verdict == Retries.Verdict.DELIVERED) {
            delivered.increment();
            write = pool.preparedQuery(DELIVERED).execute(Tuple.of(c.id()));
        } else {
            String error = what + (answer == null ? " failed: " + describe(failure) : " answered " + answer);
            Duration wait = Retries.backoff(c.attempts() + 1, config.retryInitialDelay(), config.retryMaxDelay());
            boolean rejected = verdict == Retries.Verdict.REJECTED;
            String retryText = error + "; next attempt in " + wait.toSeconds() + " s";
            String givenUpText = rejected
                    ? error + "; given up: the receiver refuses this body, which another attempt cannot change"
                    : error + "; given up after " + (c.attempts() + 1) + " attempts: the event is older than "
                            + "flowlens.notifiers.max-age (" + config.maxAge() + ")";
            write = pool.preparedQuery(FAILED).execute(Tuple.from(List.of(c.id(), retryText, wait.toMillis() / 1000.0,
                    config.maxAge().toSeconds(), rejected, givenUpText))).invoke(rows -> {
                        boolean gaveUp = rows.iterator().hasNext() && rows.iterator().next().getBoolean(0);
                        (gaveUp ? givenUp : retried).increment();
                    });
        }
        write.subscribe().with(ok -> release(c), e -> {
            LOG.warnf("the outcome of notifier event %d was not recorded (%s); it is sent again when its claim expires",
                    c.id(), e.getMessage());
            release(c);
        });
    }

    private void release(Claimed c) {
        inFlight.computeIfPresent(c.notifierId(), (k, n) -> n.decrementAndGet() <= 0 ? null : n);
        inFlightTotal.decrementAndGet();
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    /** A failure as lastError says it: one line, no control characters, bounded. */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        String text = failure.getMessage() == null || failure.getMessage().isBlank() ? failure.getClass().getSimpleName()
                : failure.getMessage();
        text = text.replaceAll("\\p{Cntrl}", " ").strip();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
