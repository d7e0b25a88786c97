package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code confchat users}: the user list with online/offline status (the people the user knows,
 * and everyone while the network is small), or with {@code --find} the users whose names start
 * with a prefix.
 */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Lists users with their status (no login needed): everyone while the network is small"
                    + " (about a thousand users); with --find, the users whose names start with a prefix.",
            "With -u, asks that user's running listen or node (same data directory) if there is one:"
                    + " the people that user chats with, and everyone in a small network."
        })
final class UsersCommand extends ClientCommand {
    @Option(
            names = {"-u", "--user"},
            paramLabel = "<name>",
            description = "Ask this user's running listen or node instead of starting a node.")
    String user;

    @Option(
            names = {"--find"},
            paramLabel = "<prefix>",
            description = "Only the users whose names start with this prefix (at most 25).")
    String find;

    @Override
    Optional<String> controlUser() {
        return find == null ? Optional.ofNullable(user) : Optional.empty();
    }

    @Override
    Object run(ChatClient client) {
        if (find != null) {
            return Results.users(Clients.await(client.findUsers(find)).users());
        }
        return Results.users(Clients.await(client.users()));
    }

    @Override
    void printText(Object result, Output out) {
        for (Object u : Results.list(result)) {
            out.line(Results.field(u, "username") + " " + Results.field(u, "status"));
        }
    }
}
