package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.ChatSummary;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.Presence;
import io.confchat.api.chat.SessionEndReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jline.reader.LineReader;

/**
 * The original's interactive flow, screen by screen:
 *
 * <pre>
 *  log in / register --> user list --(username)--> chat --(q)--> user list --(q)--> exit
 *                          (r refreshes)            live if the peer is online,
 *                                                   else messages go to the inbox
 * </pre>
 *
 * Incoming messages, chat requests, typing and delivery news are printed above the prompt as
 * they arrive.
 */
final class Interactive implements ChatListener {
    private static final long TYPING_EVERY_MILLIS = 2_000;

    private final ChatClient client;
    private final Screen screen;
    private volatile String chattingWith;
    private volatile Conversation conversation;
    private volatile long lastTypingSent;
    private volatile long lastTypingShown;

    Interactive(ChatClient client, Screen screen) {
        this.client = client;
        this.screen = screen;
        client.addListener(this);
        LineReader reader = screen.reader();
        // tell a live peer we are typing, at most every two seconds
        var insert = reader.getBuiltinWidgets().get(LineReader.SELF_INSERT);
        reader.getWidgets().put(LineReader.SELF_INSERT, () -> {
            Conversation c = conversation;
            long now = System.currentTimeMillis();
            if (c != null && c.isLive() && now - lastTypingSent > TYPING_EVERY_MILLIS) {
                lastTypingSent = now;
                c.typing();
            }
            return insert.apply();
        });
    }

    void run() {
        if (!logIn()) {
            return;
        }
        userList();
    }

    // ---- log in or register --------------------------------------------------------------------

    private boolean logIn() {
        screen.say(screen.bold("Welcome to conf-chat.") + " Your messages are end-to-end encrypted.");
        while (true) {
            String choice = screen.ask("log in or register? [l/r, q quits] ");
            if (choice == null || choice.equals("q")) {
                return false;
            }
            if (!choice.equals("l") && !choice.equals("r")) {
                screen.error("type l to log in, r to create a user, q to quit");
                continue;
            }
            String user = screen.ask("username: ");
            if (user == null) {
                return false;
            }
            String password = screen.askSecret("password: ");
            if (password == null) {
                return false;
            }
            try {
                if (choice.equals("r")) {
                    String again = screen.askSecret("password again: ");
                    if (!password.equals(again)) {
                        screen.error("the two passwords differ; try again");
                        continue;
                    }
                    screen.progress(
                            "creating " + user + " (protecting the keys takes a moment)",
                            client.register(user, password));
                    screen.say(screen.color("created " + user, Screen.GREEN));
                }
                screen.progress("logging in", client.login(user, password));
                screen.say(screen.color("logged in as " + client.currentUser().orElse(user), Screen.GREEN));
                return true;
            } catch (CliFailure e) {
                screen.error(e.getMessage());
            }
        }
    }

    // ---- the user list -------------------------------------------------------------------------

    private void userList() {
        showUsers();
        while (true) {
            String input = screen.ask("chat with (username, r refreshes, q quits): ");
            if (input == null || input.equals("q")) {
                screen.progress("logging out", client.logout());
                screen.say("bye");
                return;
            }
            if (input.isEmpty() || input.equals("r")) {
                showUsers();
                continue;
            }
            chat(input);
            showUsers();
        }
    }

    private void showUsers() {
        List<Presence> users;
        Map<String, Integer> unread = new HashMap<>();
        try {
            users = screen.progress("looking up users", client.users());
            for (ChatSummary s : Clients.await(client.chats())) {
                unread.put(s.peer(), s.unread());
            }
        } catch (CliFailure e) {
            screen.error("cannot list the users: " + e.getMessage());
            return;
        }
        String me = client.currentUser().orElse("");
        long online = users.stream().filter(Presence::isOnline).count();
        screen.say(screen.bold("Users") + " (" + online + " online, " + (users.size() - online) + " offline):");
        users.stream()
                .sorted((a, b) ->
                        a.isOnline() == b.isOnline() ? a.username().compareTo(b.username()) : a.isOnline() ? -1 : 1)
                .forEach(p -> {
                    String mark = p.isOnline() ? screen.color("* online ", Screen.GREEN) : "  offline";
                    String name = p.username() + (p.username().equals(me) ? " (you)" : "");
                    int count = unread.getOrDefault(p.username(), 0);
                    String news = count > 0 ? screen.color("  " + count + " unread", Screen.YELLOW) : "";
                    screen.say("  " + mark + "  " + name + news);
                });
    }

    // ---- a chat --------------------------------------------------------------------------------

    private void chat(String peer) {
        Conversation c;
        try {
            c = screen.progress("opening the chat with " + peer, client.open(peer));
        } catch (CliFailure e) {
            screen.error(e.getMessage());
            return;
        }
        chattingWith = c.peer();
        conversation = c;
        try {
            screen.say(screen.bold("--- chat with " + c.peer() + " ---"));
            for (ChatMessage m : c.messages()) {
                screen.say(Messages.line(m));
            }
            screen.say(
                    c.isLive()
                            ? screen.color(
                                    c.peer() + " is online: you are connected directly. q leaves the chat.",
                                    Screen.GREEN)
                            : screen.color(
                                    c.peer() + " is offline: your messages go to their inbox and reach them at "
                                            + "their next login. q leaves the chat.",
                                    Screen.YELLOW));
            while (true) {
                String line = screen.ask(client.currentUser().orElse("you") + "> ");
                if (line == null || line.equals("q")) {
                    break;
                }
                if (line.isEmpty()) {
                    continue;
                }
                send(c, line);
            }
        } finally {
            chattingWith = null;
            conversation = null;
            try {
                screen.progress("saving the conversation", c.close());
            } catch (CliFailure e) {
                screen.error("the conversation was not saved: " + e.getMessage());
            }
        }
    }

    private void send(Conversation c, String text) {
        c.send(text).whenComplete((delivery, error) -> {
            if (error != null) {
                screen.error("not sent: " + Failures.describe(error));
            } else if (delivery.state() == DeliveryState.QUEUED) {
                screen.say(screen.color("(in " + c.peer() + "'s inbox: delivered at their next login)", Screen.YELLOW));
            }
        });
    }

    // ---- events --------------------------------------------------------------------------------

    @Override
    public void onMessage(ChatMessage m) {
        if (m.from().equals(chattingWith)) {
            screen.say(screen.color(Messages.line(m), Screen.CYAN));
        } else {
            String when = m.viaInbox() ? " (sent while you were offline)" : "";
            screen.say(screen.color("new message from " + m.from() + when + ": ", Screen.YELLOW) + m.text());
        }
    }

    @Override
    public void onChatRequest(String peer) {
        if (!peer.equals(chattingWith)) {
            screen.say(
                    screen.color(peer + " wants to chat: type " + peer + " on the user list to answer", Screen.YELLOW));
        }
    }

    @Override
    public void onSessionEnded(String peer, SessionEndReason reason) {
        if (peer.equals(chattingWith)) {
            String why = switch (reason) {
                case PEER_LEFT -> peer + " left the chat";
                case CONNECTION_LOST -> "the connection dropped";
                case CORRUPTED -> "the connection was corrupted";
            };
            screen.say(screen.color(why + "; your messages now go to " + peer + "'s inbox", Screen.YELLOW));
        }
    }

    @Override
    public void onTyping(String peer) {
        long now = System.currentTimeMillis();
        if (peer.equals(chattingWith) && now - lastTypingShown > TYPING_EVERY_MILLIS) {
            lastTypingShown = now;
            screen.say(screen.color(peer + " is typing...", Screen.CYAN));
        }
    }

    @Override
    public void onDelivery(Delivery d) {
        if (d.state() == DeliveryState.DELIVERED && !d.message().to().equals(chattingWith)) {
            screen.say(screen.color(
                    d.message().to() + " received your message \"" + d.message().text() + "\"", Screen.GREEN));
        }
    }

    @Override
    public void onPeerKeyChanged(String peer) {
        screen.error("WARNING: " + peer + "'s identity key is not the one you first chatted with. The account may "
                + "have been re-created, or someone is impersonating it.");
    }
}
