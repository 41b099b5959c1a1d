package dev.flowlens.gateway.graphql.operation;

import dev.flowlens.gateway.client.IngestClient;
import dev.flowlens.gateway.graphql.error.LogsUnexpectedErrors;
import dev.flowlens.gateway.graphql.input.ConnectorInput;
import dev.flowlens.gateway.graphql.type.Connector;
import dev.flowlens.gateway.graphql.type.SyncRun;
import dev.flowlens.gateway.security.ReportsForbidden;
import dev.flowlens.gateway.security.Roles;
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
 * The connector aggregate: listing, configuring and syncing the connectors of ingest-service.
 * Admin only. Tokens and webhook secrets go in through {@link #saveConnector} and never come
 * back: neither ingest-service's answers nor {@link Connector} carry them.
 */
@GraphQLApi
@ApplicationScoped
@ReportsForbidden
@LogsUnexpectedErrors
@RolesAllowed(Roles.ADMIN)
public class ConnectorApi {

    private final IngestClient ingest;

    private final RootFieldLimit rootFields;

    ConnectorApi(IngestClient ingest, RootFieldLimit rootFields) {
        this.ingest = ingest;
        this.rootFields = rootFields;
    }

    @Query("connectors")
    @Description("Every connector, without tokens or secrets. Role admin.")
    @RolesAllowed(Roles.ADMIN)
    public @NonNull List<@NonNull Connector> connectors() {
        rootFields.check();
        return ingest.connectors();
    }

    @Mutation("saveConnector")
    @Description("Creates a connector (input without id) or replaces the one with input.id. token and webhookSecret "
            + "are write-only: stored encrypted by ingest-service, never returned. Role admin.")
    @RolesAllowed(Roles.ADMIN)
    public @NonNull Connector saveConnector(
            @NonNull @Name("input") @Description("The whole connector; a null token or webhookSecret keeps the stored one, "
                    + "unless kind or baseUrl changes.") ConnectorInput input) {
        rootFields.check();
        return ingest.saveConnector(input);
    }

    @Mutation("syncConnector")
    @Description("Starts an incremental pull of the connector in the background and returns the RUNNING run. "
            + "Error CONFLICT while a pull of it is going, NOT_FOUND for an unknown id. Role admin.")
    @RolesAllowed(Roles.ADMIN)
    public @NonNull SyncRun syncConnector(@NonNull @Id @Name("id") @Description("The connector's id.") String id) {
        rootFields.check();
        return ingest.syncConnector(id);
    }

    @Mutation("deleteConnector")
    @Description("Deletes a connector; false when there was none with that id. Its webhooks are refused from then on "
            + "and its sync runs go; the raw payloads it delivered stay in ingest-service's archive. Role admin.")
    @RolesAllowed(Roles.ADMIN)
    public boolean deleteConnector(@NonNull @Id @Name("id") @Description("The connector's id.") String id) {
        rootFields.check();
        return ingest.deleteConnector(id);
    }
}
