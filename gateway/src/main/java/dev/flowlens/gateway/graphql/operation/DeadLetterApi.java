package dev.flowlens.gateway.graphql.operation;

import dev.flowlens.gateway.client.MetricsClient;
import dev.flowlens.gateway.graphql.error.LogsUnexpectedErrors;
import dev.flowlens.gateway.security.ReportsForbidden;
import dev.flowlens.gateway.security.Roles;
import dev.flowlens.internalapi.metrics.DeadLetter;
import dev.flowlens.internalapi.metrics.DeadLetterRedrive;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/**
 * The dead letters of metrics-service (docs/operations.md "Dead letters"), for operators: list them and re-drive them
 * once their cause is fixed. Admin only. metrics-service's internal API accepts only the gateway's service token, so
 * these operations are the one way an operator reaches them.
 */
@GraphQLApi
@ApplicationScoped
@ReportsForbidden
@LogsUnexpectedErrors
@RolesAllowed(Roles.ADMIN)
public class DeadLetterApi {

    private final MetricsClient metrics;
    private final ArgumentRules rules;
    private final RootFieldLimit rootFields;

    DeadLetterApi(MetricsClient metrics, ArgumentRules rules, RootFieldLimit rootFields) {
        this.metrics = metrics;
        this.rules = rules;
        this.rootFields = rootFields;
    }

    @Query("deadLetters")
    @Description("The oldest dead letters of metrics-service, with why each is there; they stay in the queue. "
            + "Role admin.")
    @RolesAllowed(Roles.ADMIN)
    public @NonNull List<@NonNull DeadLetter> deadLetters(
            @DefaultValue("100") @Name("first") @Description("How many, oldest first: 1..1000; default 100.") Integer first) {
        rootFields.check();
        int limit = first == null ? 100 : first;
        rules.deadLetters(limit);
        return metrics.deadLetters(limit);
    }

    @Mutation("redriveDeadLetters")
    @Description("Publishes the oldest dead letters to flow.events again and removes them from the dead-letter "
            + "queue: after their cause is fixed they become facts like any message. Not retried. Role admin.")
    @RolesAllowed(Roles.ADMIN)
    public @NonNull DeadLetterRedrive redriveDeadLetters(
            @DefaultValue("1000") @Name("first") @Description("How many at most, oldest first: 1..1000; default 1000.") Integer first) {
        rootFields.check();
        int limit = first == null ? 1000 : first;
        rules.deadLetters(limit);
        return metrics.redriveDeadLetters(limit);
    }
}
