package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Command;

/** {@code confchat inbox -u <name>}: the messages that arrived while you were offline. */
@Command(
        name = "inbox",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Logs in and prints the messages that arrived while you were offline.",
            "They are acknowledged (deleted from the network) and kept in your history."
        })
final class InboxCommand extends AccountCommand {
    private final List<ChatMessage> received = new CopyOnWriteArrayList<>();

    @Override
    void beforeLogin(ChatClient client) {
        client.addListener(new ChatListener() {
            @Override
            public void onMessage(ChatMessage message) {
                received.add(message);
            }
        });
    }

    @Override
    void runLoggedIn(ChatClient client, PrintWriter out) {
        Messages.print(out, received, json);
    }
}
