package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.Presence;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code confchat users}: every user with online/offline status. */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Lists every user of the network with their status (no login needed).")
final class UsersCommand extends ClientCommand {
    @Override
    void run(ChatClient client, PrintWriter out) {
        List<Presence> users = Clients.await(client.users());
        if (json) {
            List<Object> list = new ArrayList<>();
            for (Presence p : users) {
                Map<String, Object> u = new LinkedHashMap<>();
                u.put("username", p.username());
                u.put("status", p.status().name().toLowerCase(Locale.ROOT));
                list.add(u);
            }
            out.println(Json.write(list));
            return;
        }
        for (Presence p : users) {
            out.println(p.username() + " " + p.status().name().toLowerCase(Locale.ROOT));
        }
    }
}
