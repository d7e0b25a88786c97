package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code confchat users}: every user with online/offline status. */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Lists every user of the network with their status (no login needed).",
            "With -u, asks that user's running listen or node (same data directory) if there is one."
        })
final class UsersCommand extends ClientCommand {
    @Option(
            names = {"-u", "--user"},
            paramLabel = "<name>",
            description = "Ask this user's running listen or node instead of starting a node.")
    String user;

    @Override
    Optional<String> controlUser() {
        return Optional.ofNullable(user);
    }

    @Override
    Object run(ChatClient client) {
        return Results.users(Clients.await(client.users()));
    }

    @Override
    void printText(Object result, Output out) {
        for (Object u : Results.list(result)) {
            out.line(Results.field(u, "username") + " " + Results.field(u, "status"));
        }
    }
}
