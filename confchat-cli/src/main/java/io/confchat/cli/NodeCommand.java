package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code confchat node}: the interactive client (log in, pick a user, chat). */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Starts a node and the interactive client: log in or register, see who is online,",
            "chat live with online users and leave messages for offline ones.",
            "On the user list: type a username to chat, r refreshes, q quits. In a chat everything",
            "you type is sent; /leave leaves, /chat NAME switches, /help lists the commands.",
            "While it runs, send, inbox, history and users of the same user go through it."
        })
final class NodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions network;

    @Option(
            names = "--no-bell",
            description = "No terminal bell for messages outside the chat on screen. Also CONFCHAT_NO_BELL=true.")
    boolean noBell;

    @Override
    public Integer call() {
        ChatBoard board = new ChatBoard();
        try (Screen screen =
                Screen.open(new ChatCompleter(board::users, () -> board.shown().isEmpty()))) {
            AtomicReference<KademliaNode> node = new AtomicReference<>();
            ChatClient client;
            try {
                client = screen.progress(
                        "joining the network through " + HostPortConverter.format(network.bootstrap),
                        CompletableFuture.supplyAsync(() -> {
                            node.set(Clients.join(network));
                            return ConfChat.clientOn(node.get(), Clients.chatConfig(network));
                        }));
            } catch (CliFailure e) {
                screen.error("confchat node: " + Failures.describe(e));
                return ExitCode.SOFTWARE;
            }
            try (client) {
                run(client, node.get(), screen, board);
            }
            return ExitCode.OK;
        } catch (IOException e) {
            spec.commandLine().getErr().println("confchat node: cannot open the terminal: " + e.getMessage());
            return ExitCode.SOFTWARE;
        }
    }

    private void run(ChatClient client, KademliaNode node, Screen screen, ChatBoard board) {
        OpenChats chats = new OpenChats(client);
        RecentInbox inbox = new RecentInbox();
        ChatNotices notices = new ChatNotices(
                screen, board, chats, () -> client.currentUser().orElse(""), !noBell, Clock.systemDefaultZone());
        GroupNotices groupNotices = new GroupNotices(
                notices,
                screen,
                board,
                chats.groups(),
                () -> client.currentUser().orElse(""),
                Clock.systemDefaultZone());
        client.addListener(notices);
        client.addListener(groupNotices);
        client.addListener(inbox);
        chats.observe(notices);
        chats.groups().observe(groupNotices);
        AtomicReference<Optional<ControlServer>> control = new AtomicReference<>(Optional.empty());
        Interactive interactive = new Interactive(
                client,
                screen,
                board,
                chats,
                notices,
                () -> "you are " + client.currentUser().orElse("?") + ", on node " + Endpoints.describe(node));
        try {
            interactive.run(() -> control.set(ControlServers.start(
                    network, client, chats, inbox, w -> screen.say(Screen.color(w, Screen.YELLOW)))));
        } finally {
            control.get().ifPresent(ControlServer::close);
        }
    }
}
