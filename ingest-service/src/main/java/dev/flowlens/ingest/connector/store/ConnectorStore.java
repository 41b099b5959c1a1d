package dev.flowlens.ingest.connector.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.hibernate.exception.ConstraintViolationException;

/**
 * The connectors ({@link ConnectorEntity}, table {@code ingest.connector}), through Hibernate Reactive with Panache.
 * Secrets go in sealed by {@link SecretBox} and come out only to check webhooks and to pull. Every method opens its own
 * session (or joins the one of the Vert.x context it runs on): subscribe on a Vert.x context, or, from a worker
 * thread, through {@code VertxContextSupport.subscribeAndAwait}.
 */
@ApplicationScoped
public class ConnectorStore {

    /** A stored connector; the sealed secrets stay sealed until a webhook needs one. */
    public record Stored(ConnectorSettings settings, byte[] webhookSecretSealed, boolean hasToken, Instant lastSyncAt,
            String lastError) {
    }

    /**
     * What an admin saves (schema.graphql {@code ConnectorInput}); {@code token} and
     * {@code webhookSecret} are write-only: null keeps the stored value, as long as {@code kind} and
     * {@code baseUrl} stay the same (see {@link SecretsRequired}).
     */
    public record Input(String id, ConnectorKind kind, String name, String baseUrl, String token, String webhookSecret,
            String selector, JsonNode settings) {
    }

    /** A connector's id and tool, without the rest of its row. */
    @RegisterForReflection
    public record Kind(String id, ConnectorKind kind) {
    }

    /**
     * A replace that moves a connector to another tool ({@code kind}) or address ({@code baseUrl}) without giving
     * again the secrets it has stored. Kept, the token would be sent to the new address by the next sync, and the
     * webhook secret would be trusted for another tool: so they are only kept for the tool they were saved for.
     * The message names the missing fields and is meant for the admin.
     */
    public static final class SecretsRequired extends RuntimeException {
        SecretsRequired(String message) {
            super(message, null, false, false);
        }
    }

    private final SecretBox secrets;
    /** Counts the saves of this instance: a copy read before a save is stale (see {@link #changes()}). */
    private final AtomicLong changes = new AtomicLong();

    public ConnectorStore(SecretBox secrets) {
        this.secrets = secrets;
    }

    /** Number of saves through this instance so far: a copy of a connector read when it was lower may be stale. */
    public long changes() {
        return changes.get();
    }

    public Uni<Optional<Stored>> find(String id) {
        return Panache.withSession(() -> ConnectorEntity.<ConnectorEntity>findById(id))
                .map(row -> Optional.ofNullable(row).map(ConnectorStore::stored));
    }

    /** The kind of every connector, by id: cheap enough to keep in memory, so that webhooks for unknown ids cost no read. */
    public Uni<Map<String, ConnectorKind>> kinds() {
        return Panache.withSession(() -> ConnectorEntity.findAll().project(Kind.class).list())
                .map(rows -> rows.stream().collect(Collectors.toUnmodifiableMap(Kind::id, Kind::kind)));
    }

    /** The sealed API token of a connector (for its pull), if it has one. */
    public Uni<Optional<byte[]>> sealedToken(String id) {
        return Panache.withSession(() -> ConnectorEntity.<ConnectorEntity>findById(id))
                .map(row -> Optional.ofNullable(row).map(r -> r.tokenSealed));
    }

    public Uni<List<Stored>> list() {
        return Panache.withSession(() -> ConnectorEntity.<ConnectorEntity>listAll(Sort.by("createdAt").and("id")))
                .map(rows -> rows.stream().map(ConnectorStore::stored).toList());
    }

    /**
     * Creates (no id: a new UUID) or replaces a connector. The row is read locked ({@code select ... for update}) and
     * written in one transaction, so concurrent saves of one connector apply one after the other, each to what the
     * one before stored; two creates of one new id race on the primary key, and the loser is run again as a replace.
     *
     * @throws IllegalArgumentException naming the field when the settings are malformed
     * @throws SecretBox.NoKeyException when a secret is given but no key is configured
     */
    public Uni<Stored> save(Input in) {
        String id = in.id() == null || in.id().isBlank() ? UUID.randomUUID().toString() : in.id();
        // Validates the options before anything is written; the normalised form is what is stored.
        ConnectorSettings settings = ConnectorSettings.fromJson(id, in.kind(), in.name(), in.baseUrl(), in.selector(), in.settings());
        byte[] token = secrets.seal(blankToNull(in.token()));
        byte[] webhookSecret = secrets.seal(blankToNull(in.webhookSecret()));
        // Like the secrets, settings left out of a replace keep their stored value: the public GraphQL
        // ConnectorInput has no settings, and saving through it must not reset them.
        boolean settingsGiven = in.settings() != null && !in.settings().isNull();
        return Uni.createFrom().deferred(() -> Panache.withTransaction(
                        () -> ConnectorEntity.<ConnectorEntity>findById(id, LockModeType.PESSIMISTIC_WRITE).map(row -> {
                            if (row == null) {
                                ConnectorEntity created = new ConnectorEntity();
                                created.id = id;
                                created.settings = settings.options();
                                write(created, in, token, webhookSecret);
                                return created;
                            }
                            keepsSecretsSafe(row, in, token != null, webhookSecret != null);
                            if (settingsGiven) {
                                row.settings = settings.options();
                            }
                            write(row, in, token, webhookSecret);
                            return row;
                        }).call(row -> row.isPersistent() ? Uni.createFrom().voidItem() : row.persist())))
                .onFailure(ConnectorStore::duplicateId).retry().atMost(1)
                .map(ConnectorStore::stored)
                .eventually(changes::incrementAndGet);
    }

    /**
     * Deletes a connector; false when there was none with this id. Its sync cursors and sync runs go with it (the
     * foreign keys cascade); its raw archive rows stay (they have no foreign key: what was accepted is kept, and replay
     * leaves them unmapped). A pull running meanwhile cannot commit another page, since each page's commit writes the
     * connector's cursor. Counts as a change, so this instance's webhook checks read the connectors again.
     */
    public Uni<Boolean> delete(String id) {
        return Panache.withTransaction(() -> ConnectorEntity.delete("id", id))
                .map(deleted -> deleted > 0)
                .eventually(changes::incrementAndGet);
    }

    private static void write(ConnectorEntity row, Input in, byte[] token, byte[] webhookSecret) {
        row.kind = in.kind();
        row.name = in.name();
        row.baseUrl = in.baseUrl();
        row.selector = in.selector();
        if (token != null) {
            row.tokenSealed = token;
        }
        if (webhookSecret != null) {
            row.webhookSecretSealed = webhookSecret;
        }
    }

    /**
     * A stored secret is kept only while the connector stays with the same tool and address (the base URL compared
     * without trailing slashes): else every stored secret must be given again.
     *
     * @throws SecretsRequired naming the secrets left out, for the admin
     */
    private static void keepsSecretsSafe(ConnectorEntity stored, Input in, boolean tokenGiven, boolean secretGiven) {
        boolean sameTarget = stored.kind == in.kind() && withoutTrailingSlashes(stored.baseUrl).equals(withoutTrailingSlashes(in.baseUrl()));
        List<String> missing = new ArrayList<>();
        if (stored.tokenSealed != null && !tokenGiven) {
            missing.add("token");
        }
        if (stored.webhookSecretSealed != null && !secretGiven) {
            missing.add("webhookSecret");
        }
        if (sameTarget || missing.isEmpty()) {
            return;
        }
        String change = stored.kind != in.kind()
                ? "kind changes from " + stored.kind + " to " + in.kind()
                : "baseUrl changes from '" + stored.baseUrl + "' to '" + in.baseUrl() + "'";
        throw new SecretsRequired(String.join(" and ", missing) + ": required again because " + change
                + " (stored secrets are only kept for the tool and address they were saved for)");
    }

    /** Whether a save lost the race to create the same new id (then it is run again, as a replace). */
    private static boolean duplicateId(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException c && c.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                return true;
            }
        }
        return false;
    }

    private static String withoutTrailingSlashes(String url) {
        return url.replaceAll("/+$", "");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Stored stored(ConnectorEntity r) {
        ConnectorSettings settings = ConnectorSettings.of(r.id, r.kind, r.name, r.baseUrl, r.selector, r.settings);
        return new Stored(settings, r.webhookSecretSealed, r.tokenSealed != null, r.lastSyncAt, r.lastError);
    }
}
