package dev.flowlens.gateway.client;

import dev.flowlens.gateway.client.IngestErrorMapper.IngestNotFound;
import dev.flowlens.gateway.graphql.error.BadUserInputException;
import dev.flowlens.gateway.graphql.error.ConflictException;
import dev.flowlens.gateway.graphql.error.NotFoundException;
import dev.flowlens.gateway.graphql.error.UnavailableException;
import dev.flowlens.gateway.graphql.input.ConnectorInput;
import dev.flowlens.gateway.graphql.type.Connector;
import dev.flowlens.gateway.graphql.type.ConnectorTest;
import dev.flowlens.gateway.graphql.type.SyncRun;
import dev.flowlens.gateway.graphql.type.SyncRunPage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The gateway's view of ingest-service's connector admin. Every failure leaves here as a
 * {@link BadUserInputException} (ingest-service's 400 message), a {@link ConflictException}
 * (409: a sync of the connector is going), a {@link NotFoundException} (404 on sync: unknown
 * connector) or an {@link UnavailableException} ("ingest-service unavailable"); details go to
 * the log only, and never a token or secret (ingest-service's answers carry none, and
 * {@link ConnectorInput#toString()} hides them).
 */
@ApplicationScoped
public class IngestClient {

    static final String UNAVAILABLE = "ingest-service unavailable";
    private static final Logger LOG = Logger.getLogger(IngestClient.class);

    private final IngestCalls calls;

    IngestClient(IngestCalls calls) {
        this.calls = calls;
    }

    public List<Connector> connectors() {
        List<Connector> all = translate("list connectors", calls::connectors);
        return all == null ? List.of() : all;
    }

    public Connector saveConnector(ConnectorInput input) {
        return translate("save connector", () -> calls.saveConnector(input));
    }

    /** Starts a pull; a 404 here means the id is unknown (the only 404 this path documents). */
    public SyncRun syncConnector(String id) {
        return translate("sync connector", () -> {
            try {
                return calls.syncConnector(id);
            } catch (IngestNotFound e) {
                throw new NotFoundException(e.getMessage() != null ? e.getMessage() : "no connector '" + id + "'");
            }
        });
    }

    /** Tests a connector without saving it: the checks, whatever they found. */
    public ConnectorTest testConnector(ConnectorInput input) {
        return translate("test connector", () -> calls.testConnector(input));
    }

    /** A page of a connector's runs; NOT_FOUND for an unknown connector. */
    public SyncRunPage syncRuns(String id, int first, String after) {
        return translate("list sync runs", () -> known(id, () -> calls.syncRuns(id, first, after)));
    }

    /** The connector's newest run with its progress, or null before its first; NOT_FOUND for an unknown connector. */
    public SyncRun syncProgress(String id) {
        return translate("read sync progress", () -> known(id, () -> calls.syncProgress(id)));
    }

    private static <T> T known(String id, Supplier<T> call) {
        try {
            return call.get();
        } catch (IngestNotFound e) {
            throw new NotFoundException(e.getMessage() != null ? e.getMessage() : "no connector '" + id + "'");
        }
    }

    /** Deletes a connector; false when ingest-service has none with this id. */
    public boolean deleteConnector(String id) {
        IngestApi.Deleted answer = translate("delete connector", () -> calls.deleteConnector(id));
        return answer != null && answer.deleted();
    }

    /** A 404 left over (list, save) is a wrong URL or an older ingest-service: unavailable like a 5xx. */
    private static <T> T translate(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (BadUserInputException | ConflictException | NotFoundException e) {
            throw e;
        } catch (RuntimeException e) {
            // 5xx, other 4xx, refused connection, timeout, no service token, unreadable answer
            throw unavailable(what, e);
        }
    }

    private static UnavailableException unavailable(String what, RuntimeException cause) {
        LOG.errorf(cause, "%s: %s failed", UNAVAILABLE, what);
        return new UnavailableException(UNAVAILABLE, cause);
    }
}
