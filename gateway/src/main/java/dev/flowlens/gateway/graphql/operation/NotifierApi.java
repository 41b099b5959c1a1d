package dev.flowlens.gateway.graphql.operation;

import dev.flowlens.gateway.client.MetricsClient;
import dev.flowlens.gateway.graphql.error.LogsUnexpectedErrors;
import dev.flowlens.gateway.security.ReportsForbidden;
import dev.flowlens.gateway.security.Roles;
import dev.flowlens.internalapi.metrics.Notifier;
import dev.flowlens.internalapi.metrics.NotifierInput;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/**
 * Notifiers: the outgoing webhooks of alerts that metrics-service owns and delivers (docs/operations.md "Notifiers").
 * Admin only. A secret goes in through {@link #saveNotifier} and never comes back: neither metrics-service's answers
 * nor {@link Notifier} carry it. metrics-service checks the input and names the wrong field (the URL, an address
 * outbound calls may not reach, an unknown value stream, an empty name); its 400 is this operation's BAD_USER_INPUT.
 */
@GraphQLApi
@ApplicationScoped
@ReportsForbidden
@LogsUnexpectedErrors
@RolesAllowed(Roles.ADMIN)
public class NotifierApi {

    private final MetricsClient metrics;
    private final RootFieldLimit rootFields;

    NotifierApi(MetricsClient metrics, RootFieldLimit rootFields) {
        this.metrics = metrics;
        this.rootFields = rootFields;
    }

    @Query("notifiers")
    @Description("Every notifier with its delivery state, without secrets. Role admin.")
    @RolesAllowed(Roles.ADMIN)
    public @NonNull List<@NonNull Notifier> notifiers() {
        rootFields.check();
        return metrics.notifiers();
    }

    @Mutation("saveNotifier")
    @Description("Creates a notifier (input without id) or replaces the one with input.id. Each alert raised or ended "
            + "in its value streams is POSTed to url, signed with secret, at least once and in order per stream. secret "
            + "is write-only: stored encrypted by metrics-service, never returned. Role admin.")
    @RolesAllowed(Roles.ADMIN)
    public @NonNull Notifier saveNotifier(
            @NonNull @Name("input") @Description("The whole notifier; a null secret keeps the stored one unless url "
                    + "changes, an empty one removes it.") NotifierInput input) {
        rootFields.check();
        return metrics.saveNotifier(input);
    }

    @Mutation("deleteNotifier")
    @Description("Deletes a notifier and its undelivered alerts; false when there was none with that id. Role admin.")
    @RolesAllowed(Roles.ADMIN)
    public boolean deleteNotifier(@NonNull @Id @Name("id") @Description("The notifier's id.") String id) {
        rootFields.check();
        return metrics.deleteNotifier(id);
    }
}
