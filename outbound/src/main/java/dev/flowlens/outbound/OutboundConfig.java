package dev.flowlens.outbound;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses calls to admin-configured URLs may reach ({@link AddressGuard}). By default every address but
 * loopback, link-local and unspecified ones: tools on the private network (on-premises Jira or GitLab) are normal.
 */
@ConfigMapping(prefix = "flowlens.outbound")
public interface OutboundConfig {

    /**
     * CIDR ranges or single addresses that may be reached although refused by default, e.g. {@code 127.0.0.0/8}
     * for a tool on the same host (the tests' recorded-response servers).
     */
    Optional<List<String>> allow();

    /**
     * CIDR ranges or single addresses that are never reached, e.g. {@code 10.0.0.0/8} where no tool lives on the
     * private network; wins over {@link #allow()}.
     */
    Optional<List<String>> deny();
}
