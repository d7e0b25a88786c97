package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/** Starts the control socket of a logged-in {@code listen} or {@code node}, or says why there is none. */
final class ControlServers {
    private ControlServers() {}

    /**
     * The control server of {@code client}'s user in {@code network}'s data directory; empty, with
     * a line on {@code warnings}, when another process of the user answers there already or the
     * socket cannot be made (the chat works on; one-shot commands then start nodes of their own).
     */
    static Optional<ControlServer> start(
            NetworkOptions network, ChatClient client, OpenChats chats, RecentInbox inbox, Consumer<String> warnings) {
        String user = client.currentUser().orElseThrow();
        try {
            Optional<ControlServer> server =
                    ControlServer.start(network.stateDirectory(), user, new ControlHandler(client, chats, inbox));
            if (server.isEmpty()) {
                warnings.accept("another confchat of " + user + " already answers one-shot commands in "
                        + network.stateDirectory());
            }
            return server;
        } catch (IOException | RuntimeException e) {
            warnings.accept("no control socket for one-shot commands: " + Failures.describe(e));
            return Optional.empty();
        }
    }
}
