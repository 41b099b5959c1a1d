package dev.flowlens.outbound;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 range, {@code 10.0.0.0/8} or {@code fe80::/10}; a single address is a range of one. Reading the
 * text is ours (literal addresses only, messages naming the setting's value); matching is Netty's subnet rule.
 *
 * @param range the range as Netty's subnet rule
 * @param text  as written
 */
public record Cidr(IpSubnetFilterRule range, String text) {

    /**
     * Reads {@code address[/prefix]}: only literal addresses, never a host name (parsing must not touch DNS).
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        byte[] network = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? t : t.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range (e.g. 10.0.0.0/8, fe80::/10)");
        }
        int bits = network.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("'" + text + "': the prefix length must be 0 to " + bits);
        }
        return new Cidr(new IpSubnetFilterRule(literal(network), prefix, IpFilterRuleType.REJECT), t);
    }

    /** Whether an address is in this range (an IPv4 address is never in an IPv6 range, nor the other way round). */
    public boolean contains(InetAddress address) {
        return range.matches(new InetSocketAddress(address, 0));
    }

    /** A literal address ({@code 127.0.0.1}, {@code ::1}) without DNS; null when it is not one. */
    static InetAddress literal(String address) {
        byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address);
        return bytes == null ? null : literal(bytes);
    }

    private static InetAddress literal(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not reached: the length is 4 or 16", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
