package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import java.util.Map;
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
    Map<String, Object> controlArguments() {
        return Map.of("peer", peer);
    }

    @Override
    Object runLoggedIn(ChatClient client) {
        return Messages.json(Clients.await(client.history(peer)));
    }

    @Override
    void printText(Object result, Output out) {
        Messages.print(out, Messages.listFromJson(result), false);
    }
}
