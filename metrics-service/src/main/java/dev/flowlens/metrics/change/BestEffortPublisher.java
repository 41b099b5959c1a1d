package dev.flowlens.metrics.change;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Publishes the announcers' notices best effort (flow.changes, flow.alerts): a notice the broker takes counts as sent,
 * one it refuses or that the emitter cannot buffer (the broker is away) counts as failed and is dropped, never sent
 * again. Losing one only delays a dashboard's refresh or a live alert; no fact is lost, and notifiers have an outbox of
 * their own.
 */
final class BestEffortPublisher {
    private static final Logger LOG = Logger.getLogger(BestEffortPublisher.class);

    private final Emitter<byte[]> emitter;
    private final Counter sent;
    private final Counter failed;

    /** Counters {@code <meterPrefix>.announced} and {@code <meterPrefix>.failed}, described by the two texts. */
    BestEffortPublisher(Emitter<byte[]> emitter, MeterRegistry registry, String meterPrefix, String sentDescription,
            String failedDescription) {
        this.emitter = emitter;
        this.sent = Counter.builder(meterPrefix + ".announced").description(sentDescription).register(registry);
        this.failed = Counter.builder(meterPrefix + ".failed").description(failedDescription).register(registry);
    }

    /** Sends the body; {@code what} names the notice in debug logs. */
    void publish(byte[] body, OutgoingRabbitMQMetadata metadata, String what) {
        try {
            emitter.send(Message.of(body, Metadata.of(metadata), () -> {
                sent.increment();
                return CompletableFuture.completedFuture(null);
            }, failure -> {
                failed.increment();
                LOG.debugf("%s not published: %s", what, failure.getMessage());
                return CompletableFuture.completedFuture(null);
            }));
        } catch (RuntimeException e) {
            // the emitter's buffer is full while the broker is away
            failed.increment();
            LOG.debugf("%s dropped: %s", what, e.getMessage());
        }
    }
}
