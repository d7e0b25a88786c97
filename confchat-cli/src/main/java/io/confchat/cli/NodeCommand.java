package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.chat.ChatConfig;
import io.confchat.chat.ConfChat;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code confchat node}: the interactive client (log in, pick a user, chat). */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Starts a node and the interactive client: log in or register, see who is online,",
            "chat live with online users and leave messages for offline ones.",
            "On the user list: type a username to chat, r refreshes, q quits. In a chat: q leaves."
        })
final class NodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions network;

    @Override
    public Integer call() {
        try (Screen screen = Screen.open()) {
            ChatClient client;
            try {
                client = screen.progress(
                        "joining the network through " + HostPortConverter.format(network.bootstrap),
                        CompletableFuture.supplyAsync(
                                () -> ConfChat.clientOn(Clients.join(network), ChatConfig.defaults())));
            } catch (CliFailure e) {
                screen.error("confchat node: " + Failures.describe(e));
                return ExitCode.SOFTWARE;
            }
            try (client) {
                new Interactive(client, screen).run();
            }
            return ExitCode.OK;
        } catch (IOException e) {
            spec.commandLine().getErr().println("confchat node: cannot open the terminal: " + e.getMessage());
            return ExitCode.SOFTWARE;
        }
    }
}
