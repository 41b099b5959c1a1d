package dev.flowlens.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, finding 4: which addresses a configured URL may reach. Pure checks on addresses (nothing is connected
 * to), with the defaults and with {@code flowlens.outbound.allow} / {@code deny}.
 */
class AddressGuardTest {

    static AddressGuard guard(List<String> allow, List<String> deny) {
        return new AddressGuard(new OutboundConfig() {
            @Override
            public Optional<List<String>> allow() {
                return Optional.of(allow);
            }

            @Override
            public Optional<List<String>> deny() {
                return Optional.of(deny);
            }
        });
    }

    static final AddressGuard DEFAULTS = guard(List.of(), List.of());

    static InetAddress ip(String literal) {
        InetAddress a = Cidr.literal(literal);
        assertThat(a).as(literal).isNotNull();
        return a;
    }

    @Test
    void loopbackLinkLocalAndUnspecifiedAddressesAreRefusedByDefault() {
        assertThat(DEFAULTS.refusal(ip("127.0.0.1"))).get().asString().startsWith("a loopback address");
        assertThat(DEFAULTS.refusal(ip("127.255.255.254"))).get().asString().startsWith("a loopback address");
        assertThat(DEFAULTS.refusal(ip("::1"))).get().asString().startsWith("a loopback address");
        // the cloud's metadata endpoint
        assertThat(DEFAULTS.refusal(ip("169.254.169.254"))).get().asString().startsWith("a link-local address");
        assertThat(DEFAULTS.refusal(ip("fe80::1"))).get().asString().startsWith("a link-local address");
        assertThat(DEFAULTS.refusal(ip("febf:ffff::1"))).get().asString().startsWith("a link-local address");
        // Linux connects 0.0.0.0 to itself
        assertThat(DEFAULTS.refusal(ip("0.0.0.0"))).get().asString().startsWith("an unspecified address");
        assertThat(DEFAULTS.refusal(ip("::"))).get().asString().startsWith("an unspecified address");
        // the same addresses written as IPv6
        assertThat(DEFAULTS.refusal(ip("::ffff:127.0.0.1"))).get().asString().startsWith("a loopback address");
        assertThat(DEFAULTS.refusal(ip("::ffff:169.254.169.254"))).get().asString().startsWith("a link-local address");
        assertThat(DEFAULTS.refusal(ip("::127.0.0.1"))).get().asString().startsWith("a loopback address");
        assertThat(DEFAULTS.refusal(ip("127.0.0.1")).orElseThrow())
                .isEqualTo("a loopback address, which outbound calls may not reach unless flowlens.outbound.allow lists it");
    }

    @Test
    void privateAndPublicAddressesAreAllowedByDefault() {
        // on-premises Jira and GitLab live on private networks
        for (String a : new String[] {"10.0.0.1", "172.16.5.4", "192.168.1.10", "fd00::1", "100.64.0.1", "8.8.8.8",
                "2001:db8::1", "128.0.0.1", "169.255.0.1", "fec0::1"}) {
            assertThat(DEFAULTS.refusal(ip(a))).as(a).isEmpty();
        }
    }

    @Test
    void allowLiftsADefaultRefusalAndDenyWinsOverEverything() {
        AddressGuard g = guard(List.of("127.0.0.0/8", "10.0.0.0/8"), List.of("10.1.0.0/16", "192.168.0.0/16"));
        assertThat(g.refusal(ip("127.0.0.1"))).isEmpty();
        assertThat(g.refusal(ip("::1"))).as("only the ranges listed").isPresent();
        assertThat(g.refusal(ip("169.254.169.254"))).isPresent();
        assertThat(g.refusal(ip("10.2.3.4"))).isEmpty();
        assertThat(g.refusal(ip("10.1.2.3"))).contains("in flowlens.outbound.deny (10.1.0.0/16)");
        assertThat(g.refusal(ip("192.168.1.1"))).contains("in flowlens.outbound.deny (192.168.0.0/16)");
        assertThat(g.refusal(ip("::ffff:192.168.1.1"))).contains("in flowlens.outbound.deny (192.168.0.0/16)");
        assertThat(guard(List.of("169.254.169.254"), List.of()).refusal(ip("169.254.169.254"))).as("a single address").isEmpty();
        assertThat(guard(List.of("169.254.169.254"), List.of()).refusal(ip("169.254.169.253"))).isPresent();
    }

    @Test
    void aMalformedRangeStopsTheServiceNamingTheSetting() {
        assertThatThrownBy(() -> guard(List.of("10.0.0/8"), List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flowlens.outbound.allow: '10.0.0/8' is not an IP address or CIDR range (e.g. 10.0.0.0/8, fe80::/10)");
        assertThatThrownBy(() -> guard(List.of(), List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flowlens.outbound.deny: '10.0.0.0/33': the prefix length must be 0 to 32");
        // a host name is no range (and reading one must not ask DNS)
        assertThatThrownBy(() -> guard(List.of("localhost"), List.of())).hasMessageContaining("'localhost' is not an IP address");
    }

    @Test
    void hostsAreCheckedOnWhatTheyResolveTo() {
        assertThatThrownBy(() -> DEFAULTS.checkHost("127.0.0.1")).isInstanceOf(AddressGuard.Refused.class).hasMessage(
                "127.0.0.1 is a loopback address, which outbound calls may not reach unless flowlens.outbound.allow lists it");
        assertThatThrownBy(() -> DEFAULTS.checkHost("[::1]")).isInstanceOf(AddressGuard.Refused.class)
                .hasMessageStartingWith("0:0:0:0:0:0:0:1 is a loopback address");
        // names and the resolver's other spellings of an address are read as the system resolves them
        assertThatThrownBy(() -> DEFAULTS.checkHost("localhost")).isInstanceOf(AddressGuard.Refused.class)
                .hasMessageStartingWith("'localhost' resolves to ");
        assertThatThrownBy(() -> DEFAULTS.checkHost("2130706433")).isInstanceOf(AddressGuard.Refused.class)
                .hasMessageStartingWith("'2130706433' resolves to 127.0.0.1, a loopback address");
        assertThatThrownBy(() -> DEFAULTS.checkHost("169.254.169.254")).hasMessageStartingWith("169.254.169.254 is a link-local address");
        assertThatThrownBy(() -> DEFAULTS.checkHost("")).isInstanceOf(AddressGuard.Refused.class);
        // allowed, or not resolvable here: the call itself says what happens
        DEFAULTS.checkHost("10.20.30.40");
        DEFAULTS.checkHost("tool.invalid");
    }
}
