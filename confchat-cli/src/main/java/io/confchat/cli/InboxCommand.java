package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code confchat inbox -u <name>}: the messages that arrived while you were offline. */
@Command(
        name = "inbox",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Logs in and prints the messages that arrived while you were offline.",
            "They are acknowledged (deleted from the network) and kept in your history."
        })
final class InboxCommand extends ClientCommand {
    @Mixin
    UserOptions account;

    private String password;

    @Override
    void prepare() {
        password = account.password(
                "password for " + account.user + ": ", spec.commandLine().getErr());
    }

    @Override
    void run(ChatClient client, PrintWriter out) {
        List<ChatMessage> received = new CopyOnWriteArrayList<>();
        client.addListener(new ChatListener() {
            @Override
            public void onMessage(ChatMessage message) {
                received.add(message);
            }
        });
        Clients.await(client.login(account.user, password));
        Clients.await(client.logout());
        Messages.print(out, received, json);
    }
}
