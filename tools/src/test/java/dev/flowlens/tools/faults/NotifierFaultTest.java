package dev.flowlens.tools.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.tools.faults.NotifierFault.Arrival;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifierFaultTest {

    static final List<String> EXPECTED = List.of("vs:WIP_LIMIT:Build:10:raised", "vs:WIP_LIMIT:Build:10:ended",
            "vs:WIP_LIMIT:Build:20:raised");

    @Test
    void refusedAttemptsAndRepeatsAreNoLossAndRepeatsCountAsDuplicates() {
        NotifierFault.Result r = NotifierFault.evaluate(EXPECTED, List.of(
                new Arrival(EXPECTED.get(0), true, 500), new Arrival(EXPECTED.get(0), true, 200),
                new Arrival(EXPECTED.get(0), true, 200), new Arrival(EXPECTED.get(1), true, 200),
                new Arrival(EXPECTED.get(2), true, 200)));
        assertThat(r.received).isEqualTo(3);
        assertThat(r.lost).isZero();
        assertThat(r.outOfOrder).isZero();
        assertThat(r.duplicates).isEqualTo(1);
        assertThat(r.passed()).isTrue();
    }

    @Test
    void anEventOnlyRefusedIsLost() {
        NotifierFault.Result r = NotifierFault.evaluate(EXPECTED, List.of(new Arrival(EXPECTED.get(0), true, 200),
                new Arrival(EXPECTED.get(1), true, 200), new Arrival(EXPECTED.get(2), true, 500)));
        assertThat(r.received).isEqualTo(2);
        assertThat(r.lost).isEqualTo(1);
        assertThat(r.passed()).isFalse();
    }

    @Test
    void anEventAcceptedBeforeAnEarlierOneIsOutOfOrder() {
        NotifierFault.Result r = NotifierFault.evaluate(EXPECTED, List.of(new Arrival(EXPECTED.get(1), true, 200),
                new Arrival(EXPECTED.get(0), true, 200), new Arrival(EXPECTED.get(2), true, 200)));
        assertThat(r.outOfOrder).isEqualTo(1);
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aBadSignatureOrAnUnexpectedKeyFails() {
        NotifierFault.Result bad = NotifierFault.evaluate(EXPECTED, List.of(new Arrival(EXPECTED.get(0), false, 500),
                new Arrival(EXPECTED.get(0), true, 200), new Arrival(EXPECTED.get(1), true, 200),
                new Arrival(EXPECTED.get(2), true, 200)));
        assertThat(bad.badSignatures).isEqualTo(1);
        assertThat(bad.passed()).isFalse();
        NotifierFault.Result unexpected = NotifierFault.evaluate(EXPECTED.subList(0, 2), List.of(
                new Arrival(EXPECTED.get(0), true, 200), new Arrival(EXPECTED.get(1), true, 200),
                new Arrival(EXPECTED.get(2), true, 200)));
        assertThat(unexpected.unexpected).isEqualTo(1);
        assertThat(unexpected.lost).isZero();
        assertThat(unexpected.passed()).isFalse();
    }

    @Test
    void theSignatureIsGitHubsSchemeOverTheRawBody() {
        byte[] body = "{\"event\":\"raised\"}".getBytes(StandardCharsets.UTF_8);
        // python3 -c 'import hmac,hashlib; print(hmac.new(b"fault-notifier-secret", b"{\"event\":\"raised\"}",
        // hashlib.sha256).hexdigest())'
        String header = "sha256=" + HMAC_OF_BODY;
        assertThat(NotifierFault.signatureValid(body, header)).isTrue();
        assertThat(NotifierFault.signatureValid(body, header.toUpperCase())).isFalse();
        assertThat(NotifierFault.signatureValid("{\"event\":\"ended\"}".getBytes(StandardCharsets.UTF_8), header))
                .isFalse();
        assertThat(NotifierFault.signatureValid(body, null)).isFalse();
    }

    @Test
    void alertIdsFollowTheRule() {
        assertThat(NotifierFault.alertId("payments", Instant.parse("2026-03-02T09:15:00Z")))
                .isEqualTo("payments:WIP_LIMIT:Build:1772442900");
    }

    static final String HMAC_OF_BODY = "77dbfb5d9b853523fe9cbe3bc2cbd2574e1f5fea2dece344e7c32ad9eace90d7";
}
