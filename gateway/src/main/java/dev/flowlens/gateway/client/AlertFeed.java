package dev.flowlens.gateway.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowlens.internalapi.metrics.AlertNotice;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The alerts metrics-service announces on the {@code flow.alerts} fanout exchange (raised, or ended), as one hot
 * stream that every open {@code alertRaised} subscription filters; like {@link FlowChangeFeed}, each gateway instance
 * reads them through its own exclusive, auto-deleted queue.
 */
@ApplicationScoped
public class AlertFeed {
    static final String CHANNEL = "flow-alerts";
    private static final Logger LOG = Logger.getLogger(AlertFeed.class);

    private final BroadcastProcessor<AlertNotice> hub = BroadcastProcessor.create();
    private final ObjectMapper json;

    AlertFeed(ObjectMapper json) {
        this.json = json;
    }

    @Incoming(CHANNEL)
    void receive(Object payload) {
        AlertNotice notice;
        try {
            notice = json.readValue(MessageBodies.bytes(payload), AlertNotice.class);
        } catch (IOException e) {
            LOG.warnf("ignoring a message on flow.alerts: %s", e.getMessage());
            return;
        }
        if (notice == null || notice.alert() == null || notice.alert().valueStreamId() == null) {
            LOG.warn("ignoring a message on flow.alerts: no alert with a valueStreamId");
            return;
        }
        hub.onNext(notice);
    }

    /** Every notice from now on; never completes while the gateway runs. */
    public Multi<AlertNotice> notices() {
        return hub;
    }
}
