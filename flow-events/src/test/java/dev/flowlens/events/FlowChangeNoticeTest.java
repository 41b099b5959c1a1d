package dev.flowlens.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowChangeNoticeTest {

    @Test
    void aNoticeReadsBackAsItWasWritten() {
        FlowChangeNotice sent = new FlowChangeNotice("vs-payments", Instant.parse("2026-03-02T10:15:00.123Z"), 12, 7,
                List.of("payments", "ops"));

        FlowChangeNotice read = FlowChangeNotice.fromJson(sent.toJson());

        assertThat(read).isEqualTo(sent);
        assertThat(new String(sent.toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"valueStreamId\":\"vs-payments\",\"at\":\"2026-03-02T10:15:00.123Z\",\"velocity\":12,"
                        + "\"load\":7,\"visibleToGroups\":[\"payments\",\"ops\"]}");
    }

    @Test
    void aStreamWithoutGroupsHasAnEmptyList() {
        FlowChangeNotice read = FlowChangeNotice.fromJson(
                "{\"valueStreamId\":\"vs-1\",\"at\":\"2026-03-02T10:15:00Z\",\"velocity\":0,\"load\":0}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(read.visibleToGroups()).isEmpty();
    }

    @Test
    void aBrokenNoticeSaysWhatIsWrong() {
        assertThatThrownBy(() -> FlowChangeNotice.fromJson("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> FlowChangeNotice.fromJson("{\"at\":\"2026-03-02T10:15:00Z\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("flow change notice: valueStreamId is missing");
        assertThatThrownBy(() -> FlowChangeNotice.fromJson(
                "{\"valueStreamId\":\"vs-1\",\"at\":\"yesterday\",\"velocity\":1,\"load\":1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("flow change notice: at is not an RFC 3339 time");
        assertThatThrownBy(() -> FlowChangeNotice.fromJson(
                "{\"valueStreamId\":\"vs-1\",\"at\":\"2026-03-02T10:15:00Z\",\"velocity\":\"many\",\"load\":1}"
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessage("flow change notice: velocity is not an integer");
    }
}
