package dev.flowlens.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.gateway.security.Visibility.Viewer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 21, finding 6d: who sees a stream, by the full paths of the caller's groups. */
class VisibilityTest {

    private static final Viewer PAYMENTS = new Viewer(false, Set.of("/payments"));
    private static final Viewer OPS_PAYMENTS = new Viewer(false, Set.of("/ops/payments"));

    @Test
    void aMemberOfTheSubGroupDoesNotSeeTheTopLevelGroupsStream() {
        assertThat(OPS_PAYMENTS.canSee(List.of("/payments"))).isFalse();
        assertThat(OPS_PAYMENTS.canSee(List.of("payments"))).as("a bare name is the top-level group").isFalse();
        assertThat(OPS_PAYMENTS.canSee(List.of("/ops"))).as("nor its parent's").isFalse();
    }

    @Test
    void aMemberOfTheTopLevelGroupDoesNotSeeTheSubGroupsStream() {
        assertThat(PAYMENTS.canSee(List.of("/ops/payments"))).isFalse();
    }

    @Test
    void eachSeesTheStreamsOfItsOwnGroup() {
        assertThat(PAYMENTS.canSee(List.of("/payments"))).isTrue();
        assertThat(PAYMENTS.canSee(List.of("payments"))).as("stored before paths").isTrue();
        assertThat(OPS_PAYMENTS.canSee(List.of("/ops", " /ops/payments "))).isTrue();
    }

    @Test
    void streamsWithoutGroupsAreForEveryoneAndAdminsSeeAll() {
        assertThat(PAYMENTS.canSee(List.of())).isTrue();
        assertThat(new Viewer(true, Set.of()).canSee(List.of("/ops/payments"))).isTrue();
    }
}
