package dev.flowlens.metrics.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Notifiers: the delivery of alerts to outgoing webhooks (docs/operations.md "Notifiers"). */
@ConfigMapping(prefix = "flowlens.notifiers")
public interface NotifierConfig {

    /** How often the outbox is looked at for deliveries that are due. */
    @WithDefault("1s")
    Duration pollInterval();

    /** The longest one POST may take, connection included; a timeout is retried like a 5xx. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** The wait after a first failed attempt; it doubles with each further failure. */
    @WithDefault("1s")
    Duration retryInitialDelay();

    /** The longest wait between two attempts. */
    @WithDefault("10m")
    Duration retryMaxDelay();

    /**
     * How long an alert event is retried after it was enqueued; then it is given up (marked failed, lastError says so)
     * and the next event of its stream goes. Also how far back a restarted instance looks for alert events that
     * happened while it was down.
     */
    @WithDefault("P7D")
    Duration maxAge();

    /** How many POSTs one notifier may have in flight at once from one instance (one per value stream at most). */
    @WithDefault("4")
    int concurrency();

    /** How many POSTs all notifiers may have in flight at once from one instance. */
    @WithDefault("64")
    int maxInFlight();

    /**
     * The AES-256 key (base64 of 32 random bytes) that seals notifier secrets at rest: the same
     * {@code FLOWLENS_SECRET_KEY} as ingest-service's connector secrets. Without it a notifier with a secret cannot be
     * saved (503), and one stored with a secret is not delivered to (lastError says why).
     */
    Optional<String> secretKey();
}
