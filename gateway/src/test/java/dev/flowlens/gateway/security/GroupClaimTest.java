package dev.flowlens.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowlens.gateway.GraphQLCalls;
import dev.flowlens.gateway.MetricsStub;
import dev.flowlens.gateway.MetricsStubResource;
import dev.flowlens.testsupport.LocalKey;
import dev.flowlens.testsupport.TrustLocalKey;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, finding 6d, as the attack: a realm whose group mapper writes bare names ("full.path" off) gives a member
 * of /ops/payments the claim "payments", the same as a member of /payments. Such a claim cannot be trusted, so it
 * matches nothing. The tokens are signed with the trusted test key ({@link LocalKey}); the control, the full path, is
 * honoured. Stream definitions from {@link MetricsStub}: vs-payments is visible to "payments" (stored before paths:
 * the top-level group), vs-ops-payments to "/ops/payments".
 */
@QuarkusTest
@TestProfile(TrustLocalKey.class)
@WithTestResource(MetricsStubResource.class)
class GroupClaimTest {

    @Test
    void theFullPathOfTheGroupSeesItsStream() {
        assertThat(streams(viewer("/payments"))).contains(MetricsStub.PAYMENTS)
                .doesNotContain(MetricsStub.OPS_PAYMENTS);
        assertThat(streams(viewer("/ops/payments"))).contains(MetricsStub.OPS_PAYMENTS)
                .doesNotContain(MetricsStub.PAYMENTS);
    }

    @Test
    void aBareGroupNameInTheClaimSeesNoGroupsStream() {
        assertThat(streams(viewer("payments"))).hasSize(MetricsStub.PUBLIC_STREAMS)
                .doesNotContain(MetricsStub.PAYMENTS, MetricsStub.OPS_PAYMENTS);
    }

    /** A viewer's token for the gateway, in this group. */
    private static String viewer(String group) {
        return LocalKey.token("flowlens-gateway", List.of("viewer"), List.of(group));
    }

    private static List<String> streams(String token) {
        return GraphQLCalls.query(token, "{ valueStreams { id } }").getList("data.valueStreams.id", String.class);
    }
}
