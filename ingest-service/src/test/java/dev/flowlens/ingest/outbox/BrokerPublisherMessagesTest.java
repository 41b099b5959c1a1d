package dev.flowlens.ingest.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.FlowEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How one relay round is cut into broker messages (docs/decisions.md, "Batch messages on flow.events"). */
class BrokerPublisherMessagesTest {

    static BrokerPublisher.Outgoing event(int n, String type) {
        String id = "e" + n;
        return new BrokerPublisher.Outgoing(id, type,
                ("{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"title\":\"café\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eventsOfOneTypeTravelTogetherInOutboxOrderAtMostNPerMessage() {
        List<BrokerPublisher.Outgoing> round = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            round.add(event(i, i % 3 == 0 ? "workitem.upserted" : "workitem.transitioned"));
        }
        // upserted: e0 e3 e6; transitioned: e1 e2 e4 e5
        List<List<BrokerPublisher.Outgoing>> messages = BrokerPublisher.messages(round, 3);

        assertThat(messages).extracting(m -> m.stream().map(BrokerPublisher.Outgoing::eventId).toList())
                .containsExactly(List.of("e0", "e3", "e6"), List.of("e1", "e2", "e4"), List.of("e5"));
        assertThat(messages).allSatisfy(m -> assertThat(m).extracting(BrokerPublisher.Outgoing::type)
                .containsOnly(m.get(0).type()));
    }

    @Test
    void oneEventPerMessageKeepsEachEventAlone() {
        List<BrokerPublisher.Outgoing> round = List.of(event(1, "a"), event(2, "a"), event(3, "b"));
        assertThat(BrokerPublisher.messages(round, 1)).hasSize(3).allSatisfy(m -> assertThat(m).hasSize(1));
    }

    @Test
    void aBatchBodyIsAJsonArrayOfTheStoredEventsUnchanged() {
        List<BrokerPublisher.Outgoing> message = List.of(event(1, "a"), event(2, "a"));
        JsonNode body = FlowEventCodec.readTree(BrokerPublisher.batchBody(message));
        assertThat(body.isArray()).isTrue();
        assertThat(body).extracting(e -> e.get("id").asText()).containsExactly("e1", "e2");
        assertThat(body.get(1).toString()).isEqualTo(new String(message.get(1).payload(), StandardCharsets.UTF_8));
        assertThat(new String(BrokerPublisher.batchBody(message), StandardCharsets.UTF_8)).isEqualTo("["
                + new String(message.get(0).payload(), StandardCharsets.UTF_8) + ","
                + new String(message.get(1).payload(), StandardCharsets.UTF_8) + "]");
    }
}
