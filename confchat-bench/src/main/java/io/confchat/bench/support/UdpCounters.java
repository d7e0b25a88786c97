package io.confchat.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's UDP counters from {@code /proc/net/snmp} (Linux). {@code RcvbufErrors} counts
 * datagrams dropped because a socket's receive buffer was full. The counters cover the whole
 * network namespace, not just this process: other programs' drops count too.
 *
 * @param inDatagrams datagrams delivered to sockets
 * @param inErrors datagrams that could not be delivered (RcvbufErrors included)
 * @param rcvbufErrors datagrams dropped for a full receive buffer
 */
public record UdpCounters(long inDatagrams, long inErrors, long rcvbufErrors) {
    private static final Path SNMP = Path.of("/proc/net/snmp");

    /** The current counters, or empty where {@code /proc/net/snmp} cannot be read. */
    public static Optional<UdpCounters> read() {
        try {
            List<String> lines = Files.readAllLines(SNMP);
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                    List<String> names = List.of(lines.get(i).trim().split("\\s+"));
                    String[] values = lines.get(i + 1).trim().split("\\s+");
                    return Optional.of(new UdpCounters(
                            Long.parseLong(values[names.indexOf("InDatagrams")]),
                            Long.parseLong(values[names.indexOf("InErrors")]),
                            Long.parseLong(values[names.indexOf("RcvbufErrors")])));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The counts between {@code earlier} and these. */
    public UdpCounters minus(UdpCounters earlier) {
        return new UdpCounters(
                inDatagrams - earlier.inDatagrams, inErrors - earlier.inErrors, rcvbufErrors - earlier.rcvbufErrors);
    }
}
