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
    }

    /** The outbox's history of published events. */
    Outbox outbox();

    /** How long published outbox rows are kept (the raw archive, which replay reads, is kept regardless). */
    interface Outbox {
        /** Published rows older than this are deleted by the hourly clean-up. */
        @WithDefault("7d")
        Duration keepSent();
    }

    /** Seconds a client is told to wait (Retry-After) when the database cannot commit. */
    @WithDefault("5")
    int retryAfterSeconds();
}
