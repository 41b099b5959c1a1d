package dev.flowlens.metrics.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowlens.internalapi.metrics.Alert;
import dev.flowlens.internalapi.metrics.AlertKind;
import dev.flowlens.internalapi.metrics.NotifierFormat;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NotifierBodiesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant SINCE = Instant.parse("2026-03-02T09:15:00Z");
    static final Instant UNTIL = Instant.parse("2026-03-03T10:00:00Z");
    static final Alert WIP = new Alert("vs-1:WIP_LIMIT:Build:1772442900", "vs-1", AlertKind.WIP_LIMIT, "Build", null, SINCE, null);
    static final Alert SLE = new Alert("vs-1:SLE_BREACH:PAY-7:1772442900", "vs-1", AlertKind.SLE_BREACH, null, "PAY-7", SINCE, UNTIL);

    @Test
    void theJsonBodyIsTheAlertWithItsEventAndStreamName() throws Exception {
        JsonNode raised = JSON.readTree(NotifierBodies.of(NotifierFormat.JSON, AlertEvent.of(WIP, "Payments")));
        assertThat(raised.toString()).isEqualTo("{\"event\":\"raised\",\"id\":\"vs-1:WIP_LIMIT:Build:1772442900\","
                + "\"valueStreamId\":\"vs-1\",\"valueStreamName\":\"Payments\",\"kind\":\"WIP_LIMIT\",\"stage\":\"Build\","
                + "\"itemId\":null,\"since\":\"2026-03-02T09:15:00Z\",\"until\":null}");
        JsonNode ended = JSON.readTree(NotifierBodies.of(NotifierFormat.JSON, AlertEvent.of(SLE, "Payments")));
        assertThat(ended.path("event").asText()).isEqualTo("ended");
        assertThat(ended.path("itemId").asText()).isEqualTo("PAY-7");
        assertThat(ended.path("until").asText()).isEqualTo("2026-03-03T10:00:00Z");
    }

    @Test
    void theSlackBodyIsOneTextLineWithSlacksMarkupCharactersEscaped() throws Exception {
        JsonNode raised = JSON.readTree(NotifierBodies.of(NotifierFormat.SLACK,
                AlertEvent.of(new Alert("vs-1:WIP_LIMIT:<b>&co:1", "vs-1", AlertKind.WIP_LIMIT, "<b>&co", null, SINCE, null),
                        "Pay <!channel>")));
        assertThat(raised.size()).isEqualTo(1);
        assertThat(raised.path("text").asText()).isEqualTo(":warning: WIP limit exceeded: stage &lt;b&gt;&amp;co of "
                + "Pay &lt;!channel&gt;, since 2026-03-02T09:15:00Z (alert vs-1:WIP_LIMIT:&lt;b&gt;&amp;co:1)");
        JsonNode ended = JSON.readTree(NotifierBodies.of(NotifierFormat.SLACK, AlertEvent.of(SLE, "Payments")));
        assertThat(ended.path("text").asText()).isEqualTo(":white_check_mark: SLE breach ended: item PAY-7 of Payments, "
                + "from 2026-03-02T09:15:00Z until 2026-03-03T10:00:00Z (alert vs-1:SLE_BREACH:PAY-7:1772442900)");
    }

    @Test
    void theIdempotencyKeyIsTheAlertIdAndTheEvent() {
        assertThat(AlertEvent.of(WIP, "P").idempotencyKey()).isEqualTo("vs-1:WIP_LIMIT:Build:1772442900:raised");
        assertThat(AlertEvent.of(SLE, "P").idempotencyKey()).isEqualTo("vs-1:SLE_BREACH:PAY-7:1772442900:ended");
    }
}
