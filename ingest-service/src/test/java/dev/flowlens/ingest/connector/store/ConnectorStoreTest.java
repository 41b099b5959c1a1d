package dev.flowlens.ingest.connector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.PullHarness;
import dev.flowlens.testsupport.OnVertx;
import dev.flowlens.testsupport.RealData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The connector and sync-run stores on Hibernate Reactive with Panache, checked against the rows themselves (read with
 * SQL, as the schema of V2__connectors.sql and V3__sync_runs.sql has them): secrets sealed at rest, the mapping
 * options as JSON, concurrent saves, and the life of a sync run.
 */
@QuarkusTest
class ConnectorStoreTest {

    @Inject
    ConnectorStore store;

    @Inject
    SyncStore runs;

    @Inject
    SecretBox secrets;

    @Inject
    Pool pool;

    Row row(String id) {
        return pool.preparedQuery("select *, settings::text as settings_text from ingest.connector where id = $1")
                .execute(Tuple.of(id)).await().indefinitely().iterator().next();
    }

    static ConnectorStore.Input input(String id, String name, String baseUrl, String token, String webhookSecret,
            String settings) {
        try {
            return new ConnectorStore.Input(id, ConnectorKind.GITHUB, name, baseUrl, token, webhookSecret, "acme/payments",
                    settings == null ? null : RealData.JSON.readTree(settings));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void secretsAreSealedAtRestAndOpenOnlyWithTheKey() {
        String token = "ghp_plain-" + UUID.randomUUID();
        String webhookSecret = "whsec-plain-" + UUID.randomUUID();
        ConnectorStore.Stored saved = OnVertx.await(() -> store.save(input(null, "payments", "https://github.com", token,
                webhookSecret, null)));
        String id = saved.settings().id();

        Row r = row(id);
        byte[] tokenAtRest = r.getBuffer("token_enc").getBytes();
        byte[] secretAtRest = r.getBuffer("webhook_secret_enc").getBytes();
        // AES-GCM: a 12-byte nonce, the ciphertext (as long as the text) and a 16-byte tag; no plain text in the row
        assertThat(tokenAtRest).hasSize(12 + token.length() + 16);
        assertThat(new String(tokenAtRest, StandardCharsets.ISO_8859_1)).doesNotContain(token).doesNotContain("ghp_");
        assertThat(new String(secretAtRest, StandardCharsets.ISO_8859_1)).doesNotContain(webhookSecret).doesNotContain("whsec");
        assertThat(r.getString("settings_text")).doesNotContain(token).doesNotContain(webhookSecret);
        assertThat(secrets.open(tokenAtRest)).isEqualTo(token);
        assertThat(secrets.open(secretAtRest)).isEqualTo(webhookSecret);

        // what the store hands out: the webhook secret still sealed, the token only as "has one"
        ConnectorStore.Stored found = OnVertx.await(() -> store.find(id)).orElseThrow();
        assertThat(found.hasToken()).isTrue();
        assertThat(secrets.open(found.webhookSecretSealed())).isEqualTo(webhookSecret);
        assertThat(secrets.open(OnVertx.await(() -> store.sealedToken(id)).orElseThrow())).isEqualTo(token);

        // a replace without the secrets keeps the sealed bytes as they were
        OnVertx.await(() -> store.save(input(id, "payments renamed", "https://github.com/", null, null, null)));
        Row after = row(id);
        assertThat(after.getString("name")).isEqualTo("payments renamed");
        assertThat(after.getBuffer("token_enc").getBytes()).isEqualTo(tokenAtRest);
        assertThat(after.getBuffer("webhook_secret_enc").getBytes()).isEqualTo(secretAtRest);
    }

    @Test
    void theMappingOptionsAreStoredAsJsonAndLeftOutOfAReplaceTheyStay() throws Exception {
        ConnectorStore.Stored saved = OnVertx.await(() -> store.save(input(null, "payments", "https://github.com", null, null,
                "{\"incidentLabels\":[\"Sev-1\"],\"deploymentPipelines\":[{\"ref\":\"main\"}]}")));
        String id = saved.settings().id();
        // the stored form is every option, normalised, defaults included (what settingsJson() shows the admin)
        assertThat(RealData.JSON.readTree(row(id).getString("settings_text"))).isEqualTo(RealData.JSON.readTree("""
                {"itemTypes":{"bug":"defect","incident":"defect","refactor":"debt","security":"risk","tech debt":"debt",
                              "technical debt":"debt","vulnerability":"risk"},
                 "incidentLabels":["sev 1"],"productionEnvironments":["production","prod"],"productionTiers":["production"],
                 "keyPattern":"\\\\b[A-Z][A-Z0-9]+-\\\\d+\\\\b",
                 "causePattern":"(?i)caused by deployment[\\\\s:#]*([\\\\w.:/#@-]+)",
                 "deploymentWorkflows":[],"deploymentPipelines":[{"ref":"main","environment":"production"}]}"""));

        OnVertx.await(() -> store.save(input(id, "payments", "https://github.com", null, null, null)));
        assertThat(OnVertx.await(() -> store.find(id)).orElseThrow().settings().isIncident(List.of("SEV_1"))).isTrue();

        OnVertx.await(() -> store.save(input(id, "payments", "https://github.com", null, null, "{}")));
        ConnectorSettings reset = OnVertx.await(() -> store.find(id)).orElseThrow().settings();
        assertThat(reset.incidentLabels()).containsExactly("incident");
        assertThat(reset.deploymentPipelines()).isEmpty();
    }

    @Test
    void hotfixRefsAreStoredWhenGivenAndARowWithoutThemReadsTheDefault() throws Exception {
        String id = OnVertx.await(() -> store.save(input(null, "payments", "https://github.com", null, null,
                "{\"hotfixRefs\":[\"release/.*-hf\"]}"))).settings().id();
        assertThat(RealData.JSON.readTree(row(id).getString("settings_text")).get("hotfixRefs").toString())
                .isEqualTo("[\"release/.*-hf\"]");
        ConnectorSettings custom = OnVertx.await(() -> store.find(id)).orElseThrow().settings();
        assertThat(custom.isHotfixRef("release/2.3-hf")).isTrue();
        assertThat(custom.isHotfixRef("hotfix/pay-12")).isFalse();

        OnVertx.await(() -> store.save(input(id, "payments", "https://github.com", null, null, "{}")));
        assertThat(RealData.JSON.readTree(row(id).getString("settings_text")).has("hotfixRefs")).isFalse();
        assertThat(OnVertx.await(() -> store.find(id)).orElseThrow().settings().isHotfixRef("hotfix/pay-12")).isTrue();
    }

    @Test
    void aRowWrittenByHandOrByANewerVersionReadsWithTheDefaultsForWhatItLeavesOut() {
        String bare = "bare-" + UUID.randomUUID();
        String newer = "newer-" + UUID.randomUUID();
        pool.preparedQuery("insert into ingest.connector (id, kind, name, base_url, selector) values ($1, 'JIRA', 'j', "
                + "'https://acme.atlassian.net', 'project = X')").execute(Tuple.of(bare)).await().indefinitely();
        pool.preparedQuery("insert into ingest.connector (id, kind, name, base_url, selector, settings) values ($1, 'GITLAB', "
                + "'g', 'https://gitlab.com', 'a/b', '{\"keyPattern\":\"#(\\\\d+)\",\"anOptionOfLater\":{\"x\":1}}')")
                .execute(Tuple.of(newer)).await().indefinitely();

        ConnectorSettings d = OnVertx.await(() -> store.find(bare)).orElseThrow().settings();
        assertThat(d.options()).isEqualTo(ConnectorSettings.defaults(bare, ConnectorKind.JIRA, "j",
                "https://acme.atlassian.net", "project = X").options());
        ConnectorSettings n = OnVertx.await(() -> store.find(newer)).orElseThrow().settings();
        assertThat(n.workItemKeys("fixes #12")).containsExactly("#12");
        assertThat(n.productionEnvironments()).containsExactly("production", "prod");
        assertThat(OnVertx.await(store::kinds)).containsEntry(bare, ConnectorKind.JIRA).containsEntry(newer, ConnectorKind.GITLAB);
        assertThat(OnVertx.await(store::list)).extracting(s -> s.settings().id()).contains(bare, newer);
    }

    @Test
    void concurrentSavesOfOneNewIdAllSucceedAndTheLastOneStays() throws Exception {
        String id = "race-" + UUID.randomUUID();
        long before = store.changes();
        List<String> names = new ArrayList<>();
        List<Callable<ConnectorStore.Stored>> saves = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = "payments " + i;
            names.add(name);
            saves.add(() -> OnVertx.await(() -> store.save(input(id, name, "https://github.com", "ghp_" + name, null, null))));
        }
        List<String> savedNames = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool8 = Executors.newFixedThreadPool(8);
        try {
            for (Future<ConnectorStore.Stored> f : pool8.invokeAll(saves)) {
                savedNames.add(f.get().settings().name()); // none failed: the losers of the insert ran as replaces
            }
        } finally {
            pool8.shutdownNow();
        }
        assertThat(savedNames).containsExactlyInAnyOrderElementsOf(names);
        assertThat(store.changes() - before).isEqualTo(8);
        assertThat(PullHarness.count(pool, "select count(*) from ingest.connector where id = $1", id)).isEqualTo(1);
        Row r = row(id);
        // one of the saves, whole: its name with its own token
        assertThat(names).contains(r.getString("name"));
        assertThat(secrets.open(r.getBuffer("token_enc").getBytes())).isEqualTo("ghp_" + r.getString("name"));
    }

    @Test
    void concurrentMovesWithoutTheSecretsAreAllRefusedAndTheStoredConnectorStays() throws Exception {
        String id = OnVertx.await(() -> store.save(input(null, "payments", "https://github.com", "ghp_stay", "whsec-stay", null)))
                .settings().id();
        List<Callable<String>> moves = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String host = "https://listener-" + i + ".example";
            moves.add(() -> {
                try {
                    OnVertx.await(() -> store.save(input(id, "payments", host, null, null, null)));
                    return "saved";
                } catch (ConnectorStore.SecretsRequired e) {
                    return e.getMessage();
                }
            });
        }
        ExecutorService pool6 = Executors.newFixedThreadPool(6);
        try {
            for (Future<String> f : pool6.invokeAll(moves)) {
                assertThat(f.get()).startsWith("token and webhookSecret: required again because baseUrl changes from "
                        + "'https://github.com' to 'https://listener-");
            }
        } finally {
            pool6.shutdownNow();
        }
        Row r = row(id);
        assertThat(r.getString("base_url")).isEqualTo("https://github.com");
        assertThat(secrets.open(r.getBuffer("token_enc").getBytes())).isEqualTo("ghp_stay");
    }

    @Test
    void badSettingsAreRefusedBeforeAnythingIsWritten() {
        String id = "bad-" + UUID.randomUUID();
        assertThatThrownBy(() -> store.save(input(id, "x", "https://github.com", null, null,
                "{\"productionTiers\":\"production\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("settings.productionTiers: must be an array of strings");
        assertThat(PullHarness.count(pool, "select count(*) from ingest.connector where id = $1", id)).isZero();
    }

    @Test
    void aRunBeginsClosesTheOneLeftRunningAndFinishesOnItsConnector() {
        String id = OnVertx.await(() -> store.save(input(null, "payments", "https://github.com", null, null, null))).settings().id();
        OffsetDateTime dbNow = pool.query("select now()").execute().await().indefinitely().iterator().next().getOffsetDateTime(0);

        SyncRun left = OnVertx.await(() -> runs.begin(id, SyncRun.Trigger.SCHEDULE));
        assertThat(left.status()).isEqualTo("RUNNING");
        assertThat(left.trigger()).isEqualTo(SyncRun.Trigger.SCHEDULE);
        // started_at is the database's default, read back after the insert
        assertThat(left.startedAt()).isBetween(dbNow.toInstant().minusSeconds(5), dbNow.toInstant().plus(Duration.ofMinutes(1)));
        assertThat(left.progress().isObject()).isTrue();
        assertThat(OnVertx.await(() -> runs.running(id))).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo(left.id()));

        SyncRun next = OnVertx.await(() -> runs.begin(id, SyncRun.Trigger.MANUAL));
        List<SyncRun> all = OnVertx.await(() -> runs.runs(id, 50));
        assertThat(all).extracting(SyncRun::id).containsExactlyInAnyOrder(next.id(), left.id());
        SyncRun closed = all.stream().filter(r -> r.id().equals(left.id())).findFirst().orElseThrow();
        assertThat(closed.status()).isEqualTo("FAILED");
        assertThat(closed.error()).isEqualTo("interrupted: the instance running this sync stopped before it finished");
        assertThat(closed.finishedAt()).isNotNull();
        assertThat(OnVertx.await(() -> runs.runs(id, 1))).hasSize(1);

        var progress = runs.emptyProgress();
        progress.putObject("issues").put("pages", 2);
        OnVertx.await(() -> runs.finish(next.id(), id, true, null, progress));
        Row connector = row(id);
        assertThat(connector.getOffsetDateTime("last_sync_at")).isNotNull();
        assertThat(connector.getString("last_error")).isNull();
        Row run = pool.preparedQuery("select status, finished_at, progress::text from ingest.sync_run where id = $1")
                .execute(Tuple.of(next.id())).await().indefinitely().iterator().next();
        assertThat(run.getString(0)).isEqualTo("SUCCEEDED");
        assertThat(run.getOffsetDateTime(1)).isNotNull();
        assertThat(run.getString(2)).isEqualTo("{\"issues\": {\"pages\": 2}}");
        assertThat(OnVertx.await(() -> runs.running(id))).isEmpty();

        SyncRun failed = OnVertx.await(() -> runs.begin(id, SyncRun.Trigger.MANUAL));
        OnVertx.await(() -> runs.finish(failed.id(), id, false, "GET /repos: 401", runs.emptyProgress()));
        Row afterFailure = row(id);
        assertThat(afterFailure.getString("last_error")).isEqualTo("GET /repos: 401");
        assertThat(afterFailure.getOffsetDateTime("last_sync_at")).isEqualTo(connector.getOffsetDateTime("last_sync_at"));
        assertThat(OnVertx.await(() -> store.find(id)).orElseThrow().lastError()).isEqualTo("GET /repos: 401");
        assertThat(OnVertx.await(() -> runs.runs(id, 50)).get(0).id()).as("newest first").isEqualTo(failed.id());
    }
}
