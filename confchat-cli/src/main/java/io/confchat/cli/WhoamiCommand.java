package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code confchat whoami -u <name>}: logs in and says who you are and where peers reach you. */
@Command(
        name = "whoami",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Logs in (checking the password) and prints your username, the addresses this node",
            "advertises to peers (an address --advertise gave, the public address peers in two",
            "networks saw, the addresses of its network interfaces), the relays it is reached",
            "through when peers cannot dial it (behind a NAT), and whether it is reachable."
        })
final class WhoamiCommand extends AccountCommand {
    /** How long whoami waits for the node to learn whether peers can reach it. */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private String described;

    @Override
    Optional<String> controlUser() {
        return Optional.empty(); // whoami checks the password: always a login of its own
    }

    @Override
    Object runLoggedIn(ChatClient client) {
        String user = client.currentUser().orElseThrow();
        Endpoints.awaitReachability(node, SETTLE);
        List<InetSocketAddress> endpoints = node.advertisedEndpoints();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("username", user);
        result.put("node", HostPortConverter.format(endpoints.isEmpty() ? node.localAddress() : endpoints.get(0)));
        result.put(
                "endpoints", endpoints.stream().map(HostPortConverter::format).toList());
        result.put(
                "relays",
                node.relayedEndpoints().stream()
                        .map(r -> HostPortConverter.format(r.relay()))
                        .toList());
        result.put("reachable", Endpoints.reachabilityValue(node));
        described =
                user + " (on node " + Endpoints.describe(node) + "; reachable: " + Endpoints.reachability(node) + ")";
        return result;
    }

    @Override
    void printText(Object result, Output out) {
        out.line(described);
    }
}
