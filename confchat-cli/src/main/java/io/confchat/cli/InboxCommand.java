package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import picocli.CommandLine.Command;

/** {@code confchat inbox -u <name>}: the messages that arrived while you were offline. */
@Command(
        name = "inbox",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Logs in and prints the messages that arrived while you were offline.",
            "They are acknowledged (deleted from the network) and kept in your history.",
            "With your listen or node running (same data directory): the messages it received",
            "since the last inbox."
        })
final class InboxCommand extends AccountCommand {
    private final RecentInbox received = new RecentInbox();

    @Override
    void beforeLogin(ChatClient client) {
        client.addListener(received);
    }

    @Override
    Object runLoggedIn(ChatClient client) {
        return Messages.json(received.take());
    }

    @Override
    void printText(Object result, Output out) {
        Messages.print(out, Messages.listFromJson(result), false);
    }
}
