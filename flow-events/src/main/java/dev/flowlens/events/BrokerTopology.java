package dev.flowlens.events;

/**
 * Names on the broker, in one place (ARCHITECTURE.md, "Messages"). Services refer to these
 * constants in code; their {@code application.properties} repeat the same literal strings because
 * MicroProfile config cannot read Java constants, and a test in each service checks they agree.
 */
public final class BrokerTopology {

    /** Topic exchange carrying every canonical event; routing key = event type. */
    public static final String FLOW_EVENTS_EXCHANGE = "flow.events";
    /** The metrics-service's quorum queue bound to {@link #FLOW_EVENTS_EXCHANGE} with {@code #}. */
    public static final String METRICS_QUEUE = "metrics.flow-events";
    /** Where messages go that metrics-service could not process after bounded retries. */
    public static final String METRICS_DEAD_LETTER_QUEUE = "metrics.flow-events.dlq";
    /** Fanout exchange on which metrics-service announces which value streams changed. */
    public static final String FLOW_CHANGES_EXCHANGE = "flow.changes";
    /** Fanout exchange on which metrics-service announces each alert raised or ended (a JSON AlertNotice). */
    public static final String FLOW_ALERTS_EXCHANGE = "flow.alerts";
    /** Message header carrying the CloudEvents id, so a redelivery is recognised. */
    public static final String CE_ID_HEADER = "ce-id";
    /** Content type of a CloudEvents JSON body in structured mode. */
    public static final String CLOUDEVENTS_JSON = "application/cloudevents+json";

    /** Content type of a CloudEvents JSON batch (a JSON array of structured-mode events), all of one type. */
    public static final String CLOUDEVENTS_BATCH_JSON = "application/cloudevents-batch+json";
    /** Message header with the number of events a batch message carries. */
    public static final String CE_COUNT_HEADER = "ce-count";

    private BrokerTopology() {
    }
}
