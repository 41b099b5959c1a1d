package dev.flowlens.metrics.consumer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the consumer of {@code metrics.flow-events} treats a fact it could not store. */
@ConfigMapping(prefix = "flowlens.consumer")
public interface ConsumerConfig {

    /**
     * How long a failed store (database unreachable, restarting) is retried with backoff, keeping the message
     * unacked, before it is returned to the queue (one delivery of the queue's limit). Covers a database restart
     * without a burst of redeliveries that would dead-letter good messages.
     */
    @WithDefault("30s")
    Duration retryFor();

    /** First pause between two tries of a failed store; doubles up to {@link #maxBackoff()}. */
    @WithDefault("200ms")
    Duration initialBackoff();

    /** Longest pause between two tries of a failed store. */
    @WithDefault("5s")
    Duration maxBackoff();
}
