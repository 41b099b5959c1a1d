package dev.flowlens.outbound;

import io.vertx.core.http.HttpClientRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one guard of every call to a URL an admin configures: ingest-service's connectors ({@code baseUrl}) and
 * metrics-service's notifiers ({@code url}); each service gets it as a bean from this module's Jandex index.
 * Such a URL must not make the service fetch what only it can reach: its own loopback services, the cloud's
 * metadata endpoint on a link-local address (169.254.169.254), or the unspecified address that Linux connects to
 * itself. Those are refused by default; private ranges are not (on-premises tools are normal), and
 * {@code flowlens.outbound.allow} / {@code deny} adjust both ({@link OutboundConfig}; deny wins).
 *
 * <p>Checked three times: when a connector is saved ({@link #checkHost}, so the admin hears it at once), before each
 * request (the same, so that no connection is opened to a host that resolves to a refused address), and on the
 * address the connection really reached, before any byte of the request is written ({@link #atConnect}, hooked into
 * ingest's REST clients and metrics-service's notifier client): a host whose DNS answer changes in between
 * (rebinding) gets a TCP connection that is closed unused, never a request.
 */
@ApplicationScoped
public class AddressGuard {

    /** A call refused because of where it would go; the message names the host, the address and why. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Refused unless allowed, and why. */
    private static final Map<Cidr, String> REFUSED = new LinkedHashMap<>();

    static {
        REFUSED.put(Cidr.parse("127.0.0.0/8"), "a loopback address");
        REFUSED.put(Cidr.parse("::1/128"), "a loopback address");
        REFUSED.put(Cidr.parse("169.254.0.0/16"), "a link-local address");
        REFUSED.put(Cidr.parse("fe80::/10"), "a link-local address");
        REFUSED.put(Cidr.parse("0.0.0.0/8"), "an unspecified address");
        REFUSED.put(Cidr.parse("::/128"), "an unspecified address");
    }

    private final List<Cidr> allow;
    private final List<Cidr> deny;

    public AddressGuard(OutboundConfig config) {
        this.allow = ranges("flowlens.outbound.allow", config.allow());
        this.deny = ranges("flowlens.outbound.deny", config.deny());
    }

    private static List<Cidr> ranges(String property, Optional<List<String>> values) {
        try {
            return values.orElse(List.of()).stream().filter(v -> !v.isBlank()).map(Cidr::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage());
        }
    }

    /** Why an address may not be reached ("a loopback address", ...), or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        for (InetAddress a : forms(address)) {
            for (Cidr c : deny) {
                if (c.contains(a)) {
                    return Optional.of("in flowlens.outbound.deny (" + c + ")");
                }
            }
        }
        for (InetAddress a : forms(address)) {
            if (allow.stream().anyMatch(c -> c.contains(a))) {
                return Optional.empty();
            }
        }
        for (InetAddress a : forms(address)) {
            for (Map.Entry<Cidr, String> r : REFUSED.entrySet()) {
                if (r.getKey().contains(a)) {
                    return Optional.of(r.getValue() + ", which outbound calls may not reach unless flowlens.outbound.allow"
                            + " lists it");
                }
            }
        }
        return Optional.empty();
    }

    /** An address and, for an IPv4-compatible IPv6 one ({@code ::127.0.0.1}), the IPv4 address it embeds. */
    private static List<InetAddress> forms(InetAddress address) {
        if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            byte[] b = v6.getAddress();
            InetAddress v4 = Cidr.literal((b[12] & 0xFF) + "." + (b[13] & 0xFF) + "." + (b[14] & 0xFF) + "." + (b[15] & 0xFF));
            return v4 == null ? List.of(address) : List.of(address, v4);
        }
        return List.of(address); // IPv4-mapped addresses (::ffff:a.b.c.d) are Inet4Address already
    }

    /**
     * Resolves a host (or reads a literal address) and refuses it when every address it has is refused; a host that
     * does not resolve passes (the call then fails on its own, saying so). Blocks on DNS: never on an event loop.
     *
     * @throws Refused naming the host and its first refused address
     */
    public void checkHost(String host) {
        String h = unbracketed(host);
        if (h == null || h.isBlank()) {
            throw new Refused("no host to call"); // InetAddress would answer the loopback address for none
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            return;
        }
        String first = null;
        for (InetAddress a : addresses) {
            Optional<String> why = refusal(a);
            if (why.isEmpty()) {
                return;
            }
            if (first == null) {
                first = describe(h, a) + why.get();
            }
        }
        throw new Refused(first);
    }

    /**
     * The check on the connection a request got (new or pooled), to be called before anything of the request is
     * written: resets the request unwritten, failing it with {@link Refused}, when its peer is refused.
     *
     * @return whether the request may be written (false: it was reset)
     */
    public boolean atConnect(HttpClientRequest request) {
        String peer = request.connection() == null || request.connection().remoteAddress() == null ? null
                : request.connection().remoteAddress().hostAddress();
        InetAddress address = Cidr.literal(peer);
        String host = unbracketed(request.getHost());
        Optional<String> why = address == null ? Optional.of("not an address this guard can check") : refusal(address);
        why.ifPresent(reason -> request.reset(0, new Refused("the connection to '" + host + "' reached "
                + (address == null ? String.valueOf(peer) : address.getHostAddress()) + ", " + reason + "; nothing was sent")));
        return why.isEmpty();
    }

    /** The host of a URL as a message names it: "127.0.0.1 is ", "'localhost' resolves to 127.0.0.1, ". */
    private static String describe(String host, InetAddress address) {
        String a = address.getHostAddress();
        InetAddress literal = Cidr.literal(host);
        return literal != null && literal.equals(address) ? a + " is " : "'" + host + "' resolves to " + a + ", ";
    }

    private static String unbracketed(String host) {
        return host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
