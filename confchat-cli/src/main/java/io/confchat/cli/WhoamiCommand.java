package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code confchat whoami -u <name>}: logs in and says who you are. */
@Command(
        name = "whoami",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Logs in (checking the password) and prints your username and this node's address.")
final class WhoamiCommand extends AccountCommand {
    @Override
    void runLoggedIn(ChatClient client, PrintWriter out) {
        String user = client.currentUser().orElseThrow();
        String address = client.localAddress().getAddress().getHostAddress() + ":"
                + client.localAddress().getPort();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("username", user);
            result.put("node", address);
            out.println(Json.write(result));
        } else {
            out.println(user + " (on node " + address + ")");
        }
    }
}
