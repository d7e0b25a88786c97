package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code confchat history -u <name> <peer>}: the saved conversation with a user. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Prints your saved conversation with a user, oldest first.")
final class HistoryCommand extends AccountCommand {
    @Parameters(index = "0", paramLabel = "<peer>", description = "The other user's username.")
    String peer;

    @Override
    void runLoggedIn(ChatClient client, PrintWriter out) {
        Messages.print(out, Clients.await(client.history(peer)), json);
    }
}
