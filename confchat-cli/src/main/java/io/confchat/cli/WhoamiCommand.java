package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code confchat whoami -u <name>}: logs in and says who you are and where peers reach you. */
@Command(
        name = "whoami",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Logs in (checking the password) and prints your username and the addresses this node",
            "advertises to peers: an address --advertise gave, the public address peers in two",
            "networks saw (behind a NAT, the router's), the addresses of its network interfaces."
        })
final class WhoamiCommand extends AccountCommand {
    @Override
    void runLoggedIn(ChatClient client, PrintWriter out) {
        String user = client.currentUser().orElseThrow();
        List<InetSocketAddress> endpoints = node.advertisedEndpoints();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("username", user);
            result.put("node", HostPortConverter.format(endpoints.isEmpty() ? node.localAddress() : endpoints.get(0)));
            result.put(
                    "endpoints",
                    endpoints.stream().map(HostPortConverter::format).toList());
            out.println(Json.write(result));
        } else {
            out.println(user + " (on node " + Endpoints.describe(endpoints, node.localAddress()) + ")");
        }
    }
}
