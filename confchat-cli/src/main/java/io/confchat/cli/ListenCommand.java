package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.GroupInfo;
import io.confchat.chat.ConfChat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code confchat listen -u <name>}: stays logged in for scripts and bots. Prints every event
 * as it happens ({@link ListenEvents}), sends each line read on stdin ({@link ListenInput}), and
 * answers one-shot commands of the same user through its control socket ({@link
 * ControlProtocol}). The end of stdin does not stop it: Ctrl-C or SIGTERM does (it then leaves
 * its chats, saving them, and logs out).
 */
@Command(
        name = "listen",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Stays logged in and prints each incoming message, delivery and presence change as it",
            "happens (one JSON object per line with --json). Each line on stdin is sent:",
            "  bob: see you at 5        or        {\"to\":\"bob\",\"text\":\"see you at 5\"}",
            "  #friends: hello all      or        {\"group\":\"friends\",\"text\":\"hello all\"}",
            "send, inbox, history, users and group of the same user (same data directory) go through it",
            "instead of starting a node. Runs until Ctrl-C or SIGTERM; the end of stdin does not stop it."
        })
final class ListenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions network;

    @Mixin
    UserOptions account;

    @Option(names = "--json", description = "One JSON object per line, with an \"event\" field.")
    boolean json;

    @Option(
            names = "--presence-every",
            paramLabel = "<seconds>",
            defaultValue = "30",
            description = "Read the user list this often to report presence changes; 0 never "
                    + "(default: ${DEFAULT-VALUE}).")
    int presenceEvery;

    @Override
    public Integer call() {
        Output out = new Output(spec.commandLine().getOut());
        Output err = new Output(spec.commandLine().getErr());
        CountDownLatch stop = new CountDownLatch(1);
        ChatClient client;
        String user;
        try {
            String password = account.password("password for " + account.user + ": ");
            client = ConfChat.clientOn(Clients.join(network), Clients.chatConfig(network));
            OpenChats chats = new OpenChats(client);
            ListenEvents events = new ListenEvents(out, json, chats.groups());
            RecentInbox inbox = new RecentInbox();
            client.addListener(events);
            client.addListener(inbox);
            try {
                Clients.await(client.login(account.user, password));
            } catch (CliFailure e) {
                client.close();
                throw e;
            }
            user = client.currentUser().orElseThrow();
            chats.groups().list().exceptionally(e -> null); // learns the groups' names
            Running running = new Running(
                    client,
                    chats,
                    ControlServers.start(network, client, chats, inbox, w -> err.line("confchat listen: " + w)));
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                running.stop();
                                stop.countDown();
                            },
                            "confchat-listen-stop"));
            events.ready(user);
            ScheduledExecutorService presence = pollPresence(client);
            readStdin(chats, events);
            await(stop);
            presence.shutdownNow();
            return ExitCode.OK;
        } catch (CliFailure e) {
            err.line("confchat listen: " + Failures.describe(e));
            return ExitCode.SOFTWARE;
        }
    }

    private ScheduledExecutorService pollPresence(ChatClient client) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "confchat-presence");
            t.setDaemon(true);
            return t;
        });
        if (presenceEvery > 0) {
            // the client reports a status that changed since its last read of the user list
            timer.scheduleWithFixedDelay(
                    () -> client.users().exceptionally(e -> null), 0, presenceEvery, TimeUnit.SECONDS);
        }
        return timer;
    }

    /** Sends each stdin line on a daemon thread; the end of stdin leaves the rest running. */
    private static void readStdin(OpenChats chats, ListenEvents events) {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                        long number = 0;
                        for (String line; (line = in.readLine()) != null; ) {
                            number++;
                            if (!line.isBlank()) {
                                send(chats, events, line, number);
                            }
                        }
                    } catch (IOException e) {
                        events.error("stdin: " + e.getMessage(), 0, java.util.Optional.empty());
                    }
                },
                "confchat-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    private static void send(OpenChats chats, ListenEvents events, String line, long number) {
        ListenInput input;
        try {
            input = ListenInput.parse(line);
        } catch (IllegalArgumentException e) {
            events.error(e.getMessage(), number, java.util.Optional.empty());
            return;
        }
        if (GroupRefs.isGroup(input.to())) {
            sendToGroup(chats.groups(), events, input, number);
            return;
        }
        chats.send(input.to(), input.text(), true).whenComplete((delivery, error) -> {
            if (error != null) {
                events.error(Failures.describe(error), number, input.ref());
            } else {
                events.sent(delivery, input.ref());
            }
        });
    }

    private static void sendToGroup(OpenGroups groups, ListenEvents events, ListenInput input, long number) {
        GroupInfo group;
        try {
            group = groups.resolve(input.to());
        } catch (CliFailure e) {
            events.error(e.getMessage(), number, input.ref());
            return;
        }
        groups.send(group, input.text(), true).whenComplete((delivery, error) -> {
            if (error != null) {
                events.error(Failures.describe(error), number, input.ref());
            } else {
                events.sentToGroup(GroupAction.delivery(group, delivery), input.ref());
            }
        });
    }

    private static void await(CountDownLatch stop) {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a stop undoes, in order: no more scripts, chats saved, logged out, node stopped. */
    private record Running(ChatClient client, OpenChats chats, java.util.Optional<ControlServer> control) {
        void stop() {
            control.ifPresent(ControlServer::close);
            try {
                chats.closeAll().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the chat layer saves what is left at logout
            }
            client.close();
        }
    }
}
