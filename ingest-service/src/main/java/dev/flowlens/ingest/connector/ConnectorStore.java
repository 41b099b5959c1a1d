package dev.flowlens.ingest.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** The {@code ingest.connector} table. Secrets go in sealed by {@link SecretBox} and come out only to check webhooks. */
@ApplicationScoped
public class ConnectorStore {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    private final Pool pool;
    private final SecretBox secrets;
    /** Counts the saves of this instance: a copy read before a save is stale (see {@link #changes()}). */
    private final AtomicLong changes = new AtomicLong();

    public ConnectorStore(Pool pool, SecretBox secrets) {
        this.pool = pool;
        this.secrets = secrets;
    }

    /** Number of saves through this instance so far: a copy of a connector read when it was lower may be stale. */
    public long changes() {
        return changes.get();
    }

    public Uni<Optional<Stored>> find(String id) {
        return pool.preparedQuery("select * from ingest.connector where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(read(rows.iterator().next())) : Optional.empty());
    }

    /** The kind of every connector, by id: cheap enough to keep in memory, so that webhooks for unknown ids cost no read. */
    public Uni<Map<String, ConnectorKind>> kinds() {
        return pool.query("select id, kind from ingest.connector").execute().map(rows -> {
            Map<String, ConnectorKind> out = new HashMap<>();
            rows.forEach(r -> out.put(r.getString("id"), ConnectorKind.valueOf(r.getString("kind"))));
            return Map.copyOf(out);
        });
    }

    /** The sealed API token of a connector (for its pull), if it has one. */
    public Uni<Optional<byte[]>> sealedToken(String id) {
        return pool.preparedQuery("select token_enc from ingest.connector where id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.<byte[]>empty();
                    }
                    io.vertx.mutiny.core.buffer.Buffer b = rows.iterator().next().getBuffer("token_enc");
                    return b == null ? Optional.<byte[]>empty() : Optional.of(b.getBytes());
                });
    }

    public Uni<List<Stored>> list() {
        return pool.query("select * from ingest.connector order by created_at, id").execute().map(rows -> {
            List<Stored> out = new ArrayList<>();
            rows.forEach(r -> out.add(read(r)));
            return out;
        });
    }

    /**
     * Creates (no id: a new UUID) or replaces a connector.
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
        // A stored secret is kept only while the connector stays with the same tool and address; the condition is
        // part of the statement, so that no save in between can slip a stored token to another host.
        return pool.preparedQuery("""
                insert into ingest.connector (id, kind, name, base_url, selector, settings, token_enc, webhook_secret_enc)
                values ($1, $2, $3, $4, $5, $6, $7, $8)
                on conflict (id) do update set kind = excluded.kind, name = excluded.name, base_url = excluded.base_url,
                    selector = excluded.selector,
                    settings = case when $9 then excluded.settings else ingest.connector.settings end,
                    token_enc = coalesce(excluded.token_enc, ingest.connector.token_enc),
                    webhook_secret_enc = coalesce(excluded.webhook_secret_enc, ingest.connector.webhook_secret_enc)
                where (ingest.connector.kind = excluded.kind
                        and rtrim(ingest.connector.base_url, '/') = rtrim(excluded.base_url, '/'))
                    or ((ingest.connector.token_enc is null or excluded.token_enc is not null)
                        and (ingest.connector.webhook_secret_enc is null or excluded.webhook_secret_enc is not null))
                returning *""")
                .execute(Tuple.from(new Object[] {id, in.kind().name(), in.name(), in.baseUrl(), in.selector(),
                        new JsonObject(settings.settingsJson().toString()), buffer(token), buffer(webhookSecret),
                        // Like the secrets, settings left out of a replace keep their stored value: the public
                        // GraphQL ConnectorInput has no settings, and saving through it must not reset them.
                        in.settings() != null && !in.settings().isNull()}))
                .chain(rows -> rows.iterator().hasNext() ? Uni.createFrom().item(read(rows.iterator().next()))
                        : refusal(id, in, token != null, webhookSecret != null))
                .eventually(changes::incrementAndGet);
    }

    /** Why a replace changed nothing: the stored secrets it left out, for a connector that changes tool or address. */
    private Uni<Stored> refusal(String id, Input in, boolean tokenGiven, boolean secretGiven) {
        return find(id).map(found -> {
            ConnectorSettings stored = found.orElseThrow(() -> new IllegalStateException("connector " + id + " vanished")).settings();
            List<String> missing = new ArrayList<>();
            if (found.get().hasToken() && !tokenGiven) {
                missing.add("token");
            }
            if (found.get().webhookSecretSealed() != null && !secretGiven) {
                missing.add("webhookSecret");
            }
            String change = stored.kind() != in.kind()
                    ? "kind changes from " + stored.kind() + " to " + in.kind()
                    : "baseUrl changes from '" + stored.baseUrl() + "' to '" + in.baseUrl() + "'";
            throw new SecretsRequired(String.join(" and ", missing) + ": required again because " + change
                    + " (stored secrets are only kept for the tool and address they were saved for)");
        });
    }

    private static io.vertx.core.buffer.Buffer buffer(byte[] b) {
        return b == null ? null : io.vertx.core.buffer.Buffer.buffer(b);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Stored read(Row r) {
        JsonNode settingsJson;
        try {
            Object raw = r.getValue("settings");
            settingsJson = JSON.readTree(raw == null ? "{}" : raw.toString());
        } catch (IOException e) {
            settingsJson = null;
        }
        ConnectorKind kind = ConnectorKind.valueOf(r.getString("kind"));
        ConnectorSettings settings = ConnectorSettings.fromJson(r.getString("id"), kind, r.getString("name"),
                r.getString("base_url"), r.getString("selector"), settingsJson);
        io.vertx.mutiny.core.buffer.Buffer secret = r.getBuffer("webhook_secret_enc");
        OffsetDateTime lastSync = r.getOffsetDateTime("last_sync_at");
        return new Stored(settings, secret == null ? null : secret.getBytes(), r.getBuffer("token_enc") != null,
                lastSync == null ? null : lastSync.toInstant(), r.getString("last_error"));
    }
}
