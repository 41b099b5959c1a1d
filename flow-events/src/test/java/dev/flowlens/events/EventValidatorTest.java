package dev.flowlens.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventValidatorTest {

    static final String TRANSITION = """
            {"specversion":"1.0","id":"jira:10001:changelog:4711","source":"jira/acme",
             "type":"workitem.transitioned","time":"2026-03-02T09:15:00Z","subject":"PAY-123",
             "datacontenttype":"application/json",
             "data":{"itemId":"jira:acme:PAY-123","fromStatus":"To Do","toStatus":"In Progress",
                     "at":"2026-03-02T10:15:00+01:00"}}""";

    static JsonNode one(String json) {
        return FlowEventCodec.readBatch(json.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    @Test
    void theExampleOfEventsMdIsValidAndDecodesToUtc() {
        JsonNode node = one(TRANSITION);
        assertThat(EventValidator.validate(0, node)).isEmpty();
        FlowEvent e = FlowEventCodec.decode(node);
        assertThat(e.type()).isEqualTo(EventType.WORKITEM_TRANSITIONED);
        EventData.WorkItemTransitioned t = (EventData.WorkItemTransitioned) e.data();
        assertThat(t.at()).hasToString("2026-03-02T09:15:00Z");
        assertThat(t.fromStatus()).isEqualTo("To Do");
    }

    @Test
    void encodeThenDecodeGivesTheSameEvent() {
        FlowEvent e = FlowEventCodec.decode(one(TRANSITION));
        FlowEvent again = FlowEventCodec.decode(FlowEventCodec.encode(e));
        assertThat(again).isEqualTo(e);
    }

    @Test
    void everyProblemIsNamedWithItsField() {
        JsonNode node = one("""
                {"specversion":"0.3","id":"","source":"x","type":"workitem.transitioned","time":"yesterday",
                 "data":{"itemId":42,"at":"2026-03-02T09:15:00"}}""");
        List<String> problems = EventValidator.validate(3, node).stream().map(Violation::toString).toList();
        assertThat(problems).containsExactlyInAnyOrder(
                "events[3].specversion: must be \"1.0\"",
                "events[3].id: is required and must be a non-blank string",
                "events[3].time: not an RFC 3339 time with an offset: 'yesterday'",
                "events[3].data.itemId: must be a string",
                "events[3].data.toStatus: is required",
                "events[3].data.at: not an RFC 3339 time with an offset: '2026-03-02T09:15:00'");
    }

    @Test
    void unknownTypeAndEnumValuesAreRejected() {
        JsonNode node = one("""
                {"specversion":"1.0","id":"d1","source":"gh","type":"deployment.started","time":"2026-03-02T09:15:00Z",
                 "data":{}}""");
        assertThat(EventValidator.validate(0, node)).extracting(Violation::field).containsExactly("type");
        JsonNode bad = one("""
                {"specversion":"1.0","id":"d1","source":"gh","type":"deployment.finished","time":"2026-03-02T09:15:00Z",
                 "data":{"deploymentId":"d1","service":"api","environment":"production","status":"ok",
                         "finishedAt":"2026-03-02T09:15:00Z","commitShas":["abc", 7],"hotfix":"yes"}}""");
        assertThat(EventValidator.validate(0, bad)).extracting(Violation::toString).containsExactlyInAnyOrder(
                "events[0].data.status: must be one of [failure, success], got 'ok'",
                "events[0].data.commitShas[1]: must be a string of at most 4096 characters",
                "events[0].data.hotfix: must be true or false");
        JsonNode review = one("""
                {"specversion":"1.0","id":"r1","source":"gh","type":"change.reviewed","time":"2026-03-02T09:15:00Z",
                 "data":{"reviewId":"r1","changeId":"c1","repository":"acme/api","reviewer":" ","state":"dismissed",
                         "submittedAt":"2026-03-02T09:15:00Z"}}""");
        assertThat(EventValidator.validate(0, review)).extracting(Violation::toString).containsExactlyInAnyOrder(
                "events[0].data.reviewer: must not be blank",
                "events[0].data.state: must be one of [approved, changes_requested, commented], got 'dismissed'");
    }

    static final String UPSERT = """
            {"specversion":"1.0","id":"jira:acme:PAY-7:upserted","source":"jira/acme","type":"workitem.upserted",
             "time":"2026-03-02T09:15:00Z",
             "data":{"itemId":"jira:acme:PAY-7","key":"PAY-7","title":"TITLE","itemType":"feature","project":"PAY",
                     "status":"To Do","createdAt":"2026-03-01T09:15:00Z","url":"URL"}}""";

    static JsonNode upsert(String title, String url) {
        return one(UPSERT.replace("\"TITLE\"", quoted(title)).replace("\"URL\"", quoted(url)));
    }

    static String quoted(String s) {
        return new com.fasterxml.jackson.databind.node.TextNode(s).toString();
    }

    /** A link a dashboard opens on click: anything but http(s) would run script in its origin (issue 21). */
    @Test
    void aWorkItemUrlThatIsNotHttpOrHttpsIsRefusedNamingTheField() {
        for (String url : List.of("javascript:alert(1)", "JavaScript:alert(document.cookie)", " javascript:alert(1)",
                "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "/dashboard/", "//evil.example/x",
                "http:alert(1)", "https://", "ftp://files.example/x")) {
            assertThat(EventValidator.validate(0, upsert("Pay", url))).as(url).extracting(Violation::toString)
                    .containsExactly("events[0].data.url: must be an absolute http or https URL, got '" + url + "'");
        }
    }

    @Test
    void httpAndHttpsUrlsAreAccepted() {
        for (String url : List.of("https://acme.atlassian.net/browse/PAY-7", "http://gitlab.local:8929/acme/pay/-/issues/7",
                "HTTPS://github.com/acme/pay/issues/7?x=1#c")) {
            assertThat(EventValidator.validate(0, upsert("Pay", url))).as(url).isEmpty();
        }
    }

    /** Titles are free text: markup in them is data, accepted and kept as it was sent (the dashboard shows it as text). */
    @Test
    void aTitleWithMarkupIsAcceptedAndDecodedVerbatim() {
        String title = "<script>alert(1)</script><img src=x onerror=\"window.__pwned=1\">";
        JsonNode node = upsert(title, "https://acme.atlassian.net/browse/PAY-7");
        assertThat(EventValidator.validate(0, node)).isEmpty();
        assertThat(((EventData.WorkItemUpserted) FlowEventCodec.decode(node).data()).title()).isEqualTo(title);
    }

    @Test
    void timesOutOfRangeAreRejected() {
        JsonNode node = one(TRANSITION.replace("2026-03-02T09:15:00Z", "2999-01-01T00:00:00Z"));
        assertThat(EventValidator.validate(0, node)).extracting(Violation::field).containsExactly("time");
    }

    @Test
    void oversizedDataIsRejected() {
        String big = "x".repeat(EventValidator.MAX_DATA_BYTES);
        JsonNode node = one(TRANSITION.replace("\"PAY-123\",", "\"PAY-123\",\"pad\":\"" + big + "\","));
        assertThat(EventValidator.validate(0, node)).isEmpty(); // subject padding is outside data
        JsonNode inData = one(TRANSITION.replace("\"fromStatus\"", "\"pad\":\"" + big + "\",\"fromStatus\""));
        assertThat(EventValidator.validate(0, inData)).extracting(Violation::toString)
                .containsExactly("events[0].data: is larger than 262144 bytes");
    }

    @Test
    void bodiesThatAreNotEventsFailWithAClearMessage() {
        assertThatThrownBy(() -> FlowEventCodec.readBatch("{oops".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FlowEventCodec.MalformedBodyException.class).hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> FlowEventCodec.readBatch("42".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("expected an event object or an array of events");
        assertThatThrownBy(() -> FlowEventCodec.readBatch("[]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("empty batch: send at least one event");
        String deep = "[".repeat(200) + "]".repeat(200);
        assertThatThrownBy(() -> FlowEventCodec.readBatch(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FlowEventCodec.MalformedBodyException.class);
        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> FlowEventCodec.readBatch(invalidUtf8))
                .isInstanceOf(FlowEventCodec.MalformedBodyException.class);
    }

    @Test
    void batchesOverTheLimitAreRefused() {
        String batch = "[" + String.join(",", java.util.Collections.nCopies(FlowEventCodec.MAX_BATCH + 1, "{}")) + "]";
        assertThatThrownBy(() -> FlowEventCodec.readBatch(batch.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FlowEventCodec.BatchTooLargeException.class)
                .hasMessage("a batch holds at most 5000 events, got 5001");
    }

    @Test
    void theMappingRevisionTravelsAsTheFlowlensmappedExtensionAndOtherExtensionsAreIgnored() {
        // without the extension: revision 0, and encode writes none
        FlowEvent plain = FlowEventCodec.decode(one(TRANSITION));
        assertThat(plain.revision()).isZero();
        assertThat(FlowEventCodec.encode(plain).has(FlowEvent.MAPPED_ATTRIBUTE)).isFalse();

        JsonNode stamped = one(TRANSITION.replace("\"subject\"",
                "\"flowlensmapped\":\"2026-04-01T12:00:00.123456+02:00\",\"someotherext\":7,\"subject\""));
        assertThat(EventValidator.validate(0, stamped)).isEmpty();
        FlowEvent e = FlowEventCodec.decode(stamped);
        assertThat(e.revision()).isEqualTo(FlowEvent.revisionOf(java.time.Instant.parse("2026-04-01T10:00:00.123456Z")));
        assertThat(FlowEvent.mappedAt(e.revision())).hasToString("2026-04-01T10:00:00.123456Z");
        // the same event otherwise, and a round trip keeps the revision
        assertThat(e.withRevision(0)).isEqualTo(plain);
        assertThat(FlowEventCodec.encode(e).get(FlowEvent.MAPPED_ATTRIBUTE).asText()).isEqualTo("2026-04-01T10:00:00.123456Z");
        assertThat(FlowEventCodec.decode(FlowEventCodec.encode(e))).isEqualTo(e);

        // stamping replaces whatever the JSON carried
        com.fasterxml.jackson.databind.node.ObjectNode copy = (com.fasterxml.jackson.databind.node.ObjectNode) stamped.deepCopy();
        FlowEventCodec.stamp(copy, FlowEvent.revisionOf(java.time.Instant.parse("2026-05-01T00:00:00Z")));
        assertThat(FlowEventCodec.revision(copy)).isEqualTo(FlowEvent.revisionOf(java.time.Instant.parse("2026-05-01T00:00:00Z")));
        assertThat(FlowEventCodec.decode(copy).revision()).isGreaterThan(e.revision());
    }

    @Test
    void aMalformedFlowlensmappedIsNamed() {
        JsonNode node = one(TRANSITION.replace("\"subject\"", "\"flowlensmapped\":1767225600000,\"subject\""));
        assertThat(EventValidator.validate(0, node)).extracting(Violation::toString).containsExactly(
                "events[0].flowlensmapped: not an RFC 3339 time (must be a string like 2026-03-02T09:15:00Z)");
        JsonNode local = one(TRANSITION.replace("\"subject\"", "\"flowlensmapped\":\"2026-04-01T12:00:00\",\"subject\""));
        assertThat(EventValidator.validate(0, local)).extracting(Violation::toString).containsExactly(
                "events[0].flowlensmapped: not an RFC 3339 time with an offset: '2026-04-01T12:00:00'");
    }

    /** The direct reader of the common shape answers exactly as ISO_OFFSET_DATE_TIME does, on any string. */
    @Test
    void theFastTimeReaderAgreesWithTheIsoFormatterEverywhere() {
        java.util.Random random = new java.util.Random(42);
        String[] seeds = {"2026-03-02T09:15:00Z", "2026-03-02T09:15:00.5Z", "2026-03-02T09:15:00.123456789+05:30",
                "2024-02-29T23:59:59-00:30", "2026-02-29T10:00:00Z", "2026-13-01T00:00:00Z", "2026-03-02T24:00:00Z",
                "2026-03-02T09:15:60Z", "2026-03-02T09:15:00+18:00", "2026-03-02T09:15:00+18:01",
                "2026-03-02t09:15:00z", "2026-03-02T09:15Z", "2026-03-02T09:15:00.Z", "2026-03-02T09:15:00.1234567890Z",
                "2026-03-02T09:15:00+0530", "2026-03-02T09:15:00+05:30:15", "0000-01-01T00:00:00Z", "2026-03-02 09:15:00Z"};
        String alphabet = "0123456789-:T.Z+ tz";
        int checked = 0;
        for (String seed : seeds) {
            for (int k = 0; k < 400; k++) {
                char[] c = seed.toCharArray();
                if (k > 0) {
                    for (int m = random.nextInt(3); m >= 0; m--) {
                        c[random.nextInt(c.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
                    }
                }
                String s = new String(c);
                java.time.Instant expected;
                try {
                    expected = java.time.OffsetDateTime.parse(s, java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                            .toInstant();
                } catch (java.time.DateTimeException e) {
                    expected = null;
                }
                assertThat(EventValidator.parseTime(s)).as(s).isEqualTo(expected);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(seeds.length * 400);
        // and the fast path is the one taken for the common shapes
        assertThat(EventValidator.parseCommon("2026-03-02T09:15:00.25+01:00"))
                .isEqualTo(java.time.Instant.parse("2026-03-02T08:15:00.25Z"));
    }
}
