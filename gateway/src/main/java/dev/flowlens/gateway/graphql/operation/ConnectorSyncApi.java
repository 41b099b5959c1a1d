package dev.flowlens.gateway.graphql.operation;

import dev.flowlens.gateway.client.IngestClient;
import dev.flowlens.gateway.config.SyncProgressConfig;
import dev.flowlens.gateway.graphql.error.BadUserInputException;
import dev.flowlens.gateway.graphql.error.LogsUnexpectedErrors;
import dev.flowlens.gateway.graphql.error.NotFoundException;
import dev.flowlens.gateway.graphql.input.ConnectorInput;
import dev.flowlens.gateway.graphql.type.ConnectorTest;
import dev.flowlens.gateway.graphql.type.SyncRun;
import dev.flowlens.gateway.graphql.type.SyncRunPage;
import dev.flowlens.gateway.security.ReportsForbidden;
import dev.flowlens.gateway.security.Roles;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.jboss.logging.Logger;

/**
 * What an admin needs to trust a connector (issue 24): a connection test before saving, the history of its runs, and
 * the progress of a running one, pushed. Admin only, like {@link ConnectorApi}. The subscription polls ingest-service's
 * progress of the connector while it is subscribed to (docs/decisions.md, "Sync progress: the gateway polls").
 */
@GraphQLApi
@ApplicationScoped
@ReportsForbidden
@LogsUnexpectedErrors
@RolesAllowed(Roles.ADMIN)
public class ConnectorSyncApi {

    private static final Logger LOG = Logger.getLogger(ConnectorSyncApi.class);
    /** Largest {@code first} of {@code syncRuns}. */
    static final int MAX_RUNS_PAGE = 100;

    private final IngestClient ingest;
    private final RootFieldLimit rootFields;
    private final SyncProgressConfig config;
    /** The running poll of each watched connector, shared by its subscribers; gone when the last one leaves. */
    private final ConcurrentMap<String, Multi<Optional<SyncRun>>> polls = new ConcurrentHashMap<>();

    ConnectorSyncApi(IngestClient ingest, RootFieldLimit rootFields, SyncProgressConfig config) {
        this.ingest = ingest;
        this.rootFields = rootFields;
        this.config = config;
    }

    @Mutation("testConnector")
    @Description("Checks a connector without saving it: that baseUrl passes the address rules, that the tool accepts the "
            + "token and that the token can read what the selector names. Answers each check with ok or the tool's own "
            + "error message, within ingest-service's flowlens.connectors.test-timeout (20 s by default). Without a token, "
            + "the stored token of input.id is tried when kind and baseUrl are unchanged. Role admin.")
    @RolesAllowed(Roles.ADMIN)
    public @NonNull ConnectorTest testConnector(
            @NonNull @Name("input") @Description("The connector as it would be saved.") ConnectorInput input) {
        rootFields.check();
        return ingest.testConnector(input);
    }

    @Query("syncRuns")
    @Description("A connector's sync runs, newest first, one page at a time: start, end, outcome, counts and error. "
            + "NOT_FOUND for an unknown connector. Role admin.")
    @RolesAllowed(Roles.ADMIN)
    public @NonNull SyncRunPage syncRuns(
            @NonNull @Id @Name("connectorId") @Description("The connector.") String connectorId,
            @DefaultValue("20") @Name("first") @Description("Page size, 1..100; default 20.") Integer first,
            @Name("after") @Description("nextCursor of the previous page; omit for the first page.") String after) {
        rootFields.check();
        int size = first == null ? 20 : first;
        if (size < 1 || size > MAX_RUNS_PAGE) {
            throw new BadUserInputException("first: must be 1.." + MAX_RUNS_PAGE + ", got " + size);
        }
        return ingest.syncRuns(connectorId, size, after);
    }

    @Subscription("syncProgress")
    @Description("The connector's newest run, pushed whenever its progress changes: phase, counts, rate-limit wait, "
            + "estimate, and at last how it ended; a run started later is pushed too. Nothing is pushed before the "
            + "connector's first run. Completes at once for an unknown connector. Over WebSocket like flowChanged. "
            + "Role admin.")
    @RolesAllowed(Roles.ADMIN)
    public Multi<@NonNull SyncRun> syncProgress(
            @NonNull @Id @Name("connectorId") @Description("The connector to watch.") String connectorId) {
        return polls.computeIfAbsent(connectorId, this::sharedPoll)
                .filter(Optional::isPresent).map(Optional::get)
                .skip().repetitions()
                // a failed stream reaches the client as nothing at all (SmallRye GraphQL), so an unknown connector
                // completes it, as flowChanged completes for a stream the caller may not see
                .onFailure(NotFoundException.class).recoverWithCompletion();
    }

    /**
     * Every look at the connector's newest run, one per poll interval, to all its subscribers: started by the first,
     * cancelled after the last leaves (a subscriber that comes after that starts it again). Each subscriber drops the
     * states it has already seen itself, so one that joins late first gets the state of the next poll.
     */
    private Multi<Optional<SyncRun>> sharedPoll(String connectorId) {
        AtomicReference<Multi<Optional<SyncRun>>> self = new AtomicReference<>();
        self.set(Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(config.pollInterval())
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> poll(connectorId))
                .onTermination().invoke(() -> polls.remove(connectorId, self.get()))
                .broadcast().withCancellationAfterLastSubscriberDeparture().toAllSubscribers());
        return self.get();
    }

    /** One look at the connector's newest run: none before its first, none when ingest-service did not answer this time. */
    private Uni<Optional<SyncRun>> poll(String connectorId) {
        return Uni.createFrom().item(() -> Optional.ofNullable(ingest.syncProgress(connectorId)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(f -> !(f instanceof NotFoundException)).recoverWithItem(f -> {
                    LOG.debugf("syncProgress of connector %s: no answer this time (%s)", connectorId, f.getMessage());
                    return Optional.empty();
                });
    }
}
