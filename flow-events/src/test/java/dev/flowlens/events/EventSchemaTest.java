package dev.flowlens.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records of {@link EventData} are the contract: the docs, the validator and the codec follow from them. */
class EventSchemaTest {

    /** docs/events.md's table of types is what the records declare, row for row. */
    @Test
    void theTableOfDocsEventsMdIsWhatTheRecordsDeclare() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "events.md"), StandardCharsets.UTF_8);
        List<String> rows = new ArrayList<>();
        for (EventType t : EventType.values()) {
            rows.add("| `" + t.wireName() + "` | " + EventSchema.of(t).describe() + " |");
        }
        assertThat(rows.get(0)).isEqualTo("| `workitem.upserted` | itemId\\*, key\\*, title, itemType\\* (`feature` \\| "
                + "`defect` \\| `risk` \\| `debt`), project\\*, team, status\\*, createdAt\\* (time), url, labels (list), "
                + "parentId |");
        assertThat(doc.lines().toList()).containsSubsequence(rows);
    }

    @Test
    void everyFieldIsReadFromItsRecordInOrder() {
        for (EventType t : EventType.values()) {
            assertThat(EventSchema.of(t).fields()).extracting(EventSchema.Field::name).as(t.wireName())
                    .containsExactlyElementsOf(Arrays.stream(t.dataType().getRecordComponents())
                            .map(RecordComponent::getName).toList());
        }
        EventSchema.Field itemType = EventSchema.of(EventType.WORKITEM_UPSERTED).fields().get(3);
        assertThat(itemType.kind()).isEqualTo(EventSchema.Kind.WORD);
        assertThat(itemType.required()).isTrue();
        assertThat(itemType.sortedWords()).isEqualTo("[debt, defect, feature, risk]");
        assertThat(EventSchema.of(EventType.WORKITEM_UPSERTED).fields().get(8).kind())
                .isEqualTo(EventSchema.Kind.WEB_URL);
    }

    /** One sample of each type, every field set: valid, decoded into its record, and written back unchanged. */
    @Test
    void everyTypeRoundTripsThroughTheCodec() {
        assertThat(EventSamples.ALL).hasSize(EventType.values().length);
        for (int i = 0; i < EventSamples.ALL.size(); i++) {
            JsonNode json = FlowEventCodec.readTree(EventSamples.ALL.get(i).getBytes(StandardCharsets.UTF_8));
            assertThat(EventValidator.validate(0, json)).isEmpty();
            FlowEvent e = FlowEventCodec.decode(json);
            assertThat(e.type()).isEqualTo(EventType.values()[i]);
            assertThat(e.data()).isInstanceOf(e.type().dataType());
            for (RecordComponent c : e.type().dataType().getRecordComponents()) {
                assertThat(json.get("data").has(c.getName())).as("%s.%s", e.type().wireName(), c.getName()).isTrue();
            }
            JsonNode written = FlowEventCodec.encode(e);
            assertThat(FlowEventCodec.decode(written)).isEqualTo(e);
            assertThat(FlowEventCodec.encode(FlowEventCodec.decode(written))).isEqualTo(written);
        }
    }

    @Test
    void theWordsOfEnumFieldsAreTheEnumsWireNames() {
        FlowEvent upsert = FlowEventCodec.decode(FlowEventCodec.readTree(EventSamples.ALL.get(0)
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(((EventData.WorkItemUpserted) upsert.data()).itemType()).isEqualTo(ItemType.DEFECT);
        assertThat(FlowEventCodec.encode(upsert).at("/data/itemType").asText()).isEqualTo("defect");
        FlowEvent deployment = FlowEventCodec.decode(FlowEventCodec.readTree(EventSamples.ALL.get(
                EventType.DEPLOYMENT_FINISHED.ordinal()).getBytes(StandardCharsets.UTF_8)));
        assertThat(((EventData.DeploymentFinished) deployment.data()).succeeded()).isTrue();
        assertThat(((EventData.DeploymentFinished) deployment.data()).isHotfix()).isTrue();
        assertThat(FlowEventCodec.encode(deployment).at("/data/status").asText()).isEqualTo("success");
        assertThat(FlowEventCodec.encode(deployment).at("/data/hotfix").isBoolean()).isTrue();
        FlowEvent review = FlowEventCodec.decode(FlowEventCodec.readTree(EventSamples.ALL.get(
                EventType.CHANGE_REVIEWED.ordinal()).getBytes(StandardCharsets.UTF_8)));
        assertThat(((EventData.ChangeReviewed) review.data()).state()).isEqualTo(ReviewState.CHANGES_REQUESTED);
        assertThat(FlowEventCodec.encode(review).at("/data/state").asText()).isEqualTo("changes_requested");
        assertThat(Arrays.stream(ItemType.values()).map(ItemType::wireName))
                .containsExactly("feature", "defect", "risk", "debt");
    }
}
