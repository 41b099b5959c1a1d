package dev.flowlens.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.tools.common.Json;
import dev.flowlens.tools.common.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The delivery templates: the testdata payloads written by Jackson with slots, filled in per delivery. */
class WebhookBenchTest {

    static final Path TESTDATA = Path.of("../testdata").toAbsolutePath().normalize();

    @Test
    void aDeliveryIsItsPayloadWithTheRunsRepositoryNumbersAndTimes() throws Exception {
        WebhookBench bench = new WebhookBench(Options.parse(new String[] {"--realdata", TESTDATA.toString()},
                WebhookBench.defaults(), Set.of()));
        bench.loadTemplates();
        Random random = new Random(1);
        for (int seq = 0; seq < bench.schedule.length; seq++) {
            WebhookBench.Delivery d = bench.delivery(seq, random);
            JsonNode body = Json.tree(new String(d.body(), StandardCharsets.UTF_8));
            JsonNode original = Json.tree(Files.readString(
                    TESTDATA.resolve("github-webhooks/octokit-payload-examples").resolve(d.kind().file())));
            assertThat(body.path("repository").path("full_name").asText()).isEqualTo(bench.repo);
            assertThat(body.path("repository").path("name").asText()).isEqualTo(bench.run);
            String item = d.kind().event().equals("issues") ? "issue"
                    : d.kind().event().equals("pull_request") ? "pull_request" : "deployment";
            assertThat(body.path(item).path(item.equals("deployment") ? "id" : "number").asLong()).isEqualTo(seq + 1);
            // everything but the slots as the payload has it
            for (String field : new String[] {"repository", "issue", "pull_request", "deployment", "deployment_status",
                    "number"}) {
                ((ObjectNode) body).remove(field);
                ((ObjectNode) original).remove(field);
            }
            assertThat(body).isEqualTo(original);
            assertThat(d.signature()).startsWith("sha256=").hasSize(7 + 64);
        }
    }
}
