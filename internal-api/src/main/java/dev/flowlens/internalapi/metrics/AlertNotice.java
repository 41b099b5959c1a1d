package dev.flowlens.internalapi.metrics;

import java.util.List;

/**
 * The JSON body of a message on the {@code flow.alerts} fanout exchange: metrics-service announcing an alert that was
 * raised (until null) or ended (until set). It carries the stream's {@code visibleToGroups}, so the gateway authorises
 * each {@code alertRaised} push without calling back.
 */
public record AlertNotice(Alert alert, List<String> visibleToGroups) {

    public AlertNotice {
        visibleToGroups = Lists.orEmpty(visibleToGroups);
    }
}
