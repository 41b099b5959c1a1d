package dev.flowlens.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the ingest write path. */
@ConfigMapping(prefix = "flowlens.ingest")
public interface IngestConfig {

    /** The outbox relay. */
    Relay relay();

    /** How accepted events travel from the outbox to RabbitMQ. */
    interface Relay {
        /** Most outbox rows published per round (one transaction: claim, read, publish with one confirm wait). */
        @WithDefault("1000")
        int batchSize();

        /**
         * Most events carried by one broker message. Events of one type travel together as a CloudEvents JSON
         * batch (a JSON array, content type {@code application/cloudevents-batch+json}); 1 sends each event as its
         * own structured-mode message. Consumers accept both.
         */
        @WithDefault("200")
        int eventsPerMessage();

        /** Longest wait for the broker's publisher confirms of one round. */
        @WithDefault("20s")
        Duration confirmTimeout();

        /**
         * How long a round waits after being woken by newly accepted events, so that the events of the deliveries
         * arriving meanwhile travel in the same transaction and messages (0: publish at once). A full round is
         * followed by the next one without waiting.
         */
        @WithDefault("20ms")
        Duration linger();
    }

    /** The outbox's history of published events. */
    Outbox outbox();

    /** How long published outbox rows are kept (the raw archive, which replay reads, is kept regardless). */
    interface Outbox {
        /** Published rows older than this are deleted by the hourly clean-up. */
        @WithDefault("7d")
        Duration keepSent();
    }

    /** Group commit of what the events API and the webhooks receive (docs/decisions.md, "Group commit of deliveries"). */
    Commit commit();

    /**
     * Requests that arrive while the database is busy are stored together, in one statement, by the next free
     * writer; an idle moment writes a request at once, alone.
     */
    interface Commit {
        /** Statements writing groups at the same time (each holds one database connection while it runs). */
        @WithDefault("4")
        int writers();

        /** Most requests (webhook deliveries, event batches) in one group. */
        @WithDefault("100")
        int maxRequests();

        /** Most events in one group; a single request with more is written alone. */
        @WithDefault("2000")
        int maxEvents();

        /** Most body bytes in one group; a single request with more is written alone. */
        @WithDefault("4194304")
        int maxBytes();
    }

    /** Seconds a client is told to wait (Retry-After) when the database cannot commit. */
    @WithDefault("5")
    int retryAfterSeconds();
}
