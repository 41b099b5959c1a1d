package dev.flowlens.internalapi.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** A notifier to create (no id) or replace (id); sent to metrics-service as is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Description("An outgoing webhook of alerts to create (without id) or replace (with id).")
@Input("NotifierInput")
public record NotifierInput(
        @Id @Description("Id of the notifier to replace; omit to create one.") String id,
        @NonNull @Description("Display name.") String name,
        @NonNull @Description("Where alerts are POSTed: an http or https URL whose host outbound calls may reach.") String url,
        @Description("Key of the X-Flowlens-Signature-256 HMAC; write-only. Null keeps the stored one unless url changes; "
                + "empty removes it.") String secret,
        @DefaultValue("JSON") @Description("JSON (default) or SLACK.") NotifierFormat format,
        @NonNull @Id @Description("The value streams whose alerts it receives.") List<@NonNull String> valueStreamIds) {
}
