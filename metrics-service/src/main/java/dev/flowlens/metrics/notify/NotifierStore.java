package dev.flowlens.metrics.notify;

import dev.flowlens.internalapi.metrics.Notifier;
import dev.flowlens.internalapi.metrics.NotifierFormat;
import dev.flowlens.internalapi.metrics.NotifierInput;
import dev.flowlens.metrics.stream.ValueStreamStore;
import dev.flowlens.outbound.AddressGuard;
import dev.flowlens.problem.BadInputException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Notifiers at rest ({@link NotifierEntity}, Hibernate Reactive with Panache) and their answers with the state of
 * their outbox. A save checks everything an admin can get wrong and says what: the name, the URL (http or https, a
 * host that outbound calls may reach, {@link AddressGuard}), the value streams (they must exist). The secret is sealed
 * ({@link NotifierSecrets}) and never answered. Subscribe on a Vert.x context (the REST resource's).
 */
@ApplicationScoped
public class NotifierStore {
    static final int MAX_NAME = 200;
    static final int MAX_URL = 2000;
    static final int MAX_SECRET = 1000;

    private final AddressGuard addresses;
    private final NotifierSecrets secrets;
    private final ValueStreamStore streams;
    private final Pool pool;

    public NotifierStore(AddressGuard addresses, NotifierSecrets secrets, ValueStreamStore streams, Pool pool) {
        this.addresses = addresses;
        this.secrets = secrets;
        this.streams = streams;
        this.pool = pool;
    }

    /** Every notifier, by name, with its pending count. */
    public Uni<List<Notifier>> list() {
        return Panache.withSession(() -> NotifierEntity.<NotifierEntity>listAll(Sort.by("name").and("id")))
                .chain(rows -> pending().map(counts -> rows.stream().map(r -> answer(r, counts)).toList()));
    }

    /**
     * Creates (no id) or replaces (id) a notifier.
     *
     * @throws BadInputException (as the Uni's failure) naming each field that is wrong
     */
    public Uni<Notifier> save(NotifierInput input) {
        List<String> problems = new ArrayList<>();
        if (input.name() == null || input.name().isBlank()) {
            problems.add("name: must not be empty");
        } else if (input.name().strip().length() > MAX_NAME) {
            problems.add("name: at most " + MAX_NAME + " characters");
        }
        URI url = url(input.url(), problems);
        if (input.secret() != null && input.secret().length() > MAX_SECRET) {
            problems.add("secret: at most " + MAX_SECRET + " characters");
        }
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(input.valueStreamIds() == null ? List.of()
                : input.valueStreamIds().stream().filter(Objects::nonNull).map(String::strip).toList()));
        if (input.valueStreamIds() == null) {
            problems.add("valueStreamIds: required (an empty list for none)");
        } else if (ids.stream().anyMatch(String::isEmpty)) {
            problems.add("valueStreamIds: an id must not be empty");
        }
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(BadInputException.ofAll(problems));
        }
        String host = url.getHost();
        // resolves on a worker thread, and comes back to the request's event loop, where Hibernate Reactive saves
        return VertxContextSupport.executeBlocking(() -> {
            addresses.checkHost(host);
            return host;
        }).onFailure(AddressGuard.Refused.class).transform(e -> new BadInputException("url", e.getMessage()))
                .chain(() -> streams.byIds(ids))
                .chain(found -> {
                    List<String> unknown = ids.stream().filter(id -> !found.containsKey(id)).toList();
                    if (!unknown.isEmpty()) {
                        return Uni.createFrom().failure(new BadInputException("valueStreamIds",
                                "no value stream " + String.join(", ", unknown)));
                    }
                    return store(input, url.toString(), ids);
                });
    }

    private Uni<Notifier> store(NotifierInput input, String url, List<String> ids) {
        String id = input.id() == null || input.id().isBlank() ? UUID.randomUUID().toString() : input.id().strip();
        NotifierFormat format = input.format() == null ? NotifierFormat.JSON : input.format();
        return Panache.withTransaction(() -> NotifierEntity.<NotifierEntity>findById(id).chain(found -> {
            NotifierEntity row = found == null ? new NotifierEntity() : found;
            if (found != null && !found.url.equals(url) && found.secretEnc != null && input.secret() == null) {
                return Uni.createFrom().failure(new BadInputException("secret", "give the secret again when url changes"
                        + " (an empty secret for none): the stored one is not sent to a new receiver"));
            }
            row.id = id;
            row.name = input.name().strip();
            row.url = url;
            row.format = format.name();
            row.streams = new NotifierEntity.Streams(List.copyOf(ids));
            row.updatedAt = Instant.now();
            if (input.secret() != null) {
                row.secretEnc = input.secret().isEmpty() ? null : secrets.seal(input.secret());
            }
            return found == null ? row.persist().replaceWith(row) : Uni.createFrom().item(row);
        })).chain(row -> dropOtherStreams(row.id, ids).replaceWith(row))
                .chain(row -> pending().map(counts -> answer(row, counts)));
    }

    /** Deletes a notifier and its outbox; false when there was none with this id. */
    public Uni<Boolean> delete(String id) {
        return Panache.withTransaction(() -> NotifierEntity.deleteById(id));
    }

    /** Pending events of streams the notifier no longer receives are not sent. */
    private Uni<Void> dropOtherStreams(String id, List<String> ids) {
        return pool.preparedQuery("delete from metrics.notifier_delivery where notifier_id = $1 and delivered_at is null"
                        + " and failed_at is null and value_stream_id <> all($2)")
                .execute(Tuple.of(id, ids.toArray(String[]::new))).replaceWithVoid();
    }

    /** Undelivered events per notifier. */
    private Uni<Map<String, Integer>> pending() {
        return pool.query("select notifier_id, count(*) from metrics.notifier_delivery where delivered_at is null"
                        + " and failed_at is null group by notifier_id").execute()
                .map(rows -> {
                    Map<String, Integer> counts = new HashMap<>();
                    for (Row r : rows) {
                        counts.put(r.getString(0), r.getLong(1).intValue());
                    }
                    return counts;
                });
    }

    private static Notifier answer(NotifierEntity r, Map<String, Integer> pending) {
        return new Notifier(r.id, r.name, r.url, NotifierFormat.valueOf(r.format), List.copyOf(r.streams.valueStreamIds()),
                r.lastDeliveryAt, r.lastError, pending.getOrDefault(r.id, 0));
    }

    /** The URL as given, when it is an absolute http(s) URL with a host; else a problem is added and null answered. */
    static URI url(String text, List<String> problems) {
        if (text == null || text.isBlank()) {
            problems.add("url: must not be empty");
            return null;
        }
        if (text.strip().length() > MAX_URL) {
            problems.add("url: at most " + MAX_URL + " characters");
            return null;
        }
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            problems.add("url: not a URL (" + e.getReason() + ")");
            return null;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            problems.add("url: must start with http:// or https://");
            return null;
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            problems.add("url: has no host");
            return null;
        }
        if (url.getRawUserInfo() != null) {
            problems.add("url: must not carry a user or password (use secret to sign the alerts)");
            return null;
        }
        if (url.getRawFragment() != null) {
            problems.add("url: must not have a #fragment");
            return null;
        }
        return url;
    }
}
