package dev.flowlens.metrics.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowlens.internalapi.metrics.IncidentAttribution;
import dev.flowlens.internalapi.metrics.Scope;
import dev.flowlens.internalapi.metrics.Stage;
import dev.flowlens.internalapi.metrics.StageKind;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.testsupport.OnVertx;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The value stream store on Hibernate Reactive with Panache, checked against the row itself (read with SQL, as
 * V1__facts_and_value_streams.sql and V2__change_tracking.sql define it): every save and delete is a write with the
 * writing transaction's {@code txid}, which the fact cache polls; a delete leaves a tombstone; concurrent saves of one
 * new id all succeed and one of them stays whole.
 */
@QuarkusTest
class ValueStreamStoreTest {

    @Inject
    ValueStreamStore store;

    @Inject
    Pool pool;

    static ValueStream stream(String id, String name) {
        return new ValueStream(id, name, new Scope(List.of("pay"), null, null, null, null),
                List.of(new Stage("Build", List.of("In Progress"), StageKind.ACTIVE),
                        new Stage("Review", List.of("In Review"), StageKind.WAITING)),
                List.of("Done"), null, List.of("payments"));
    }

    /** txid, deleted, updated_at as text, and the definition as the fact cache reads it. */
    Row row(String id) {
        return pool.preparedQuery("select txid, deleted, updated_at, definition::text, name from metrics.value_stream where id = $1")
                .execute(Tuple.of(id)).await().indefinitely().iterator().next();
    }

    long currentTxidFloor() {
        return pool.query("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint").execute().await().indefinitely()
                .iterator().next().getLong(0);
    }

    @Test
    void everySaveAndDeleteIsAWriteWithItsTransactionIdAndADeleteLeavesATombstone() {
        String id = "txid-" + UUID.randomUUID();
        long before = currentTxidFloor();
        ValueStream saved = OnVertx.await(() -> store.save(stream(id, " Payments ")));
        assertThat(saved.name()).isEqualTo("Payments");
        assertThat(saved.visibleToGroups()).containsExactly("/payments");
        Row first = row(id);
        assertThat(first.getLong(0)).isGreaterThanOrEqualTo(before);
        assertThat(first.getBoolean(1)).isFalse();
        assertThat(first.getString(4)).isEqualTo("Payments");
        // the definition as the fact cache reads it back (its own JDBC poll of txid >= ...)
        assertThat(store.read(first.getString(3))).isEqualTo(saved);

        // the same definition again is still a write: a new txid, so every instance's poll sees it
        OnVertx.await(() -> store.save(stream(id, "Payments")));
        Row again = row(id);
        assertThat(again.getLong(0)).isGreaterThan(first.getLong(0));
        assertThat(again.getOffsetDateTime(2)).isAfter(first.getOffsetDateTime(2));

        assertThat(OnVertx.await(() -> store.delete(id))).isTrue();
        Row tombstone = row(id);
        assertThat(tombstone.getBoolean(1)).isTrue();
        assertThat(tombstone.getLong(0)).isGreaterThan(again.getLong(0));
        assertThat(OnVertx.await(() -> store.byIds(List.of(id)))).isEmpty();
        assertThat(OnVertx.await(store::list)).extracting(ValueStream::id).doesNotContain(id);

        // a second delete finds nothing to delete and writes nothing
        assertThat(OnVertx.await(() -> store.delete(id))).isFalse();
        assertThat(row(id).getLong(0)).isEqualTo(tombstone.getLong(0));
        assertThat(OnVertx.await(() -> store.delete("no-such-" + UUID.randomUUID()))).isFalse();

        // saving the id again brings it back
        OnVertx.await(() -> store.save(stream(id, "Payments back")));
        Row back = row(id);
        assertThat(back.getBoolean(1)).isFalse();
        assertThat(back.getLong(0)).isGreaterThan(tombstone.getLong(0));
        assertThat(OnVertx.await(() -> store.byIds(List.of(id, "no-such-stream")))).containsOnlyKeys(id);
        assertThat(OnVertx.await(() -> store.byIds(List.of(id))).get(id).name()).isEqualTo("Payments back");
    }

    @Test
    void theIncidentAttributionWindowIsStoredInTheDefinitionAndAnOlderDefinitionWithoutItReadsAsExplicitOnly() {
        String id = "attribution-" + UUID.randomUUID();
        ValueStream s = stream(id, "Payments");
        ValueStream withWindow = new ValueStream(id, s.name(), s.scope(), s.stages(), s.doneStatuses(),
                s.productionEnvironments(), s.visibleToGroups(), new IncidentAttribution(36));
        ValueStream saved = OnVertx.await(() -> store.save(withWindow));
        assertThat(saved.incidentAttribution().windowHours()).isEqualTo(36);
        String definition = row(id).getString(3);
        assertThat(definition).contains("\"incidentAttribution\": {\"windowHours\": 36}");
        assertThat(store.read(definition)).isEqualTo(saved);
        assertThat(OnVertx.await(() -> store.byIds(List.of(id))).get(id).incidentAttribution().windowHours())
                .isEqualTo(36);
        // a definition saved before contract v2 has no incidentAttribution: windowHours 0
        String v1 = definition.replace(", \"incidentAttribution\": {\"windowHours\": 36}", "");
        assertThat(v1).doesNotContain("incidentAttribution");
        assertThat(store.read(v1).incidentAttribution().windowHours()).isZero();
    }

    @Test
    void concurrentSavesOfOneNewIdAllSucceedAndOneStaysWhole() throws Exception {
        String id = "race-" + UUID.randomUUID();
        List<String> names = new ArrayList<>();
        List<Callable<ValueStream>> saves = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = "Payments " + i;
            names.add(name);
            saves.add(() -> OnVertx.await(() -> store.save(stream(id, name))));
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<String> saved = new ArrayList<>();
        try {
            for (Future<ValueStream> f : threads.invokeAll(saves)) {
                saved.add(f.get().name()); // none failed: the losers of the insert ran as replaces
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(saved).containsExactlyInAnyOrderElementsOf(names);
        assertThat(pool.preparedQuery("select count(*) from metrics.value_stream where id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next().getLong(0)).isEqualTo(1);
        Row r = row(id);
        assertThat(names).contains(r.getString(4));
        assertThat(store.read(r.getString(3)).name()).as("name column and definition from the same save").isEqualTo(r.getString(4));
    }

    @Test
    void anInvalidStreamIsRefusedAndNothingIsWritten() {
        String id = "invalid-" + UUID.randomUUID();
        ValueStream noDone = new ValueStream(id, "x", null, List.of(new Stage("A", List.of("Doing"), StageKind.ACTIVE)),
                List.of(), null, null);
        assertThatThrownBy(() -> OnVertx.await(() -> store.save(noDone))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("doneStatuses must not be empty");
        assertThat(pool.preparedQuery("select count(*) from metrics.value_stream where id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next().getLong(0)).isZero();
    }
}
