package dev.flowlens.internalapi.metrics;

import org.eclipse.microprofile.graphql.Description;

/** How a notifier's receiver gets an alert (docs/operations.md "Notifiers"). */
@Description("How alerts are POSTed to a notifier's URL.")
public enum NotifierFormat {
    @Description("The alert's fields with event (raised or ended) and valueStreamName, as JSON.")
    JSON,
    @Description("A Slack-compatible message ({\"text\": ...}) for an incoming webhook.")
    SLACK
}
