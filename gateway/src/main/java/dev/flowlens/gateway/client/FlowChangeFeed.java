package dev.flowlens.gateway.client;

import dev.flowlens.events.FlowChangeNotice;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The notices metrics-service publishes on the {@code flow.changes} fanout exchange, as one hot stream that every
 * open subscription filters. Each gateway instance binds its own exclusive, auto-deleted queue (application
 * properties), so every instance sees every notice; a notice that arrives while nobody subscribes is dropped.
 */
@ApplicationScoped
public class FlowChangeFeed {
    static final String CHANNEL = "flow-changes";
    private static final Logger LOG = Logger.getLogger(FlowChangeFeed.class);

    private final BroadcastProcessor<FlowChangeNotice> hub = BroadcastProcessor.create();

    @Incoming(CHANNEL)
    void receive(Object payload) {
        FlowChangeNotice notice;
        try {
            notice = FlowChangeNotice.fromJson(MessageBodies.bytes(payload));
        } catch (IllegalArgumentException e) {
            LOG.warnf("ignoring a message on flow.changes: %s", e.getMessage());
            return;
        }
        hub.onNext(notice);
    }

    /** Every notice from now on; never completes while the gateway runs. */
    public Multi<FlowChangeNotice> notices() {
        return hub;
    }
}
