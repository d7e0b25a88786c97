package io.confchat.cli;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code host:port} ({@code [v6-address]:port} for IPv6) into a resolved address. An
 * unresolvable host is a usage error here rather than a bootstrap timeout later.
 */
final class HostPortConverter implements ITypeConverter<InetSocketAddress> {
    private final PortConverter ports = new PortConverter();

    @Override
    public InetSocketAddress convert(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw invalid(value, "expected host:port");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw invalid(value, "write an IPv6 address in brackets, e.g. [::1]:4000");
        }
        int port;
        try {
            port = ports.convert(value.substring(colon + 1));
        } catch (TypeConversionException e) {
            throw invalid(value, e.getMessage());
        }
        if (port == 0) {
            throw invalid(value, "port 0 cannot be connected to");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw invalid(value, "unknown host " + host);
        }
        return address;
    }

    /** Addresses as {@code host:port} ({@code [v6-address]:port}), comma-separated, for messages. */
    static String format(List<InetSocketAddress> addresses) {
        return addresses.stream().map(HostPortConverter::format).collect(Collectors.joining(", "));
    }

    /** An address as {@code host:port}, or {@code [v6-address]:port}: what {@link #convert} reads back. */
    static String format(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static TypeConversionException invalid(String value, String why) {
        return new TypeConversionException("'" + value + "': " + why);
    }
}
