package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.ChatSummary;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.MessageId;
import io.confchat.api.chat.Presence;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jline.reader.LineReader;

/**
 * The interactive client, screen by screen (the original's flow, with several chats at once):
 *
 * <pre>
 *  log in / register --> user list --(username, /chat NAME)--> chat with bob --(/leave)--> user list
 *                        r refreshes, q quits                  any text is sent ("q" too);
 *                                                              /chat carol switches, bob's chat stays open
 *  anywhere: /help /users /chat NAME /chats /history [N] /me [TEXT] /leave /quit
 * </pre>
 *
 * Messages and news arrive through {@link ChatNotices}; the state of the chats is in {@link
 * ChatBoard}; every text goes out through {@link OpenChats}, as texts from scripts on the control
 * socket do.
 */
final class Interactive {
    static final int RECAP = 15;
    static final int PAGE = 20;
    static final int MAX_PAGE = 1_000;
    private static final long TYPING_EVERY_MILLIS = 2_000;

    private final ChatClient client;
    private final Screen screen;
    private final ChatBoard board;
    private final OpenChats chats;
    private final ChatNotices notices;
    private final Supplier<String> whereabouts;
    private final Map<String, MessageId> earliestShown = new ConcurrentHashMap<>();
    private volatile long lastTypingSent;

    Interactive(
            ChatClient client,
            Screen screen,
            ChatBoard board,
            OpenChats chats,
            ChatNotices notices,
            Supplier<String> whereabouts) {
        this.client = client;
        this.screen = screen;
        this.board = board;
        this.chats = chats;
        this.notices = notices;
        this.whereabouts = whereabouts;
        tellTyping(screen.reader());
    }

    /** Tells a live peer we are typing, at most every two seconds. */
    private void tellTyping(LineReader reader) {
        var insert = reader.getBuiltinWidgets().get(LineReader.SELF_INSERT);
        reader.getWidgets().put(LineReader.SELF_INSERT, () -> {
            long now = System.currentTimeMillis();
            Optional<Conversation> c = board.shown().flatMap(chats::get);
            if (c.isPresent() && c.get().isLive() && now - lastTypingSent > TYPING_EVERY_MILLIS) {
                lastTypingSent = now;
                c.get().typing();
            }
            return insert.apply();
        });
    }

    /** Logs in, then reads commands until the user quits. */
    void run(Runnable afterLogin) {
        if (!new LoginScreen(client, screen).run()) {
            return;
        }
        String me = client.currentUser().orElse("?");
        screen.statusLine(() -> Screen.plain(board.statusLine(
                me, peer -> chats.get(peer).map(Conversation::isLive).orElse(false))));
        afterLogin.run();
        try {
            for (ChatSummary s : Clients.await(client.chats())) {
                board.unreadAtLogin(s.peer(), s.unread());
            }
        } catch (CliFailure e) {
            screen.error("cannot read your chat list: " + e.getMessage());
        }
        showUsers();
        while (true) {
            String input = screen.askInChat(prompt());
            if (input == null || !handle(input)) {
                quit();
                return;
            }
        }
    }

    private String prompt() {
        return board.shown().map(p -> "to " + p + "> ").orElse("chat with (username, r refreshes, q quits): ");
    }

    /** Does what a typed line says; false to quit. */
    private boolean handle(String input) {
        Optional<String> shown = board.shown();
        if (input.startsWith("/") && !input.startsWith("//")) {
            Optional<SlashCommand.Typed> typed = SlashCommand.parse(input);
            if (typed.isEmpty()) {
                screen.error("unknown command " + input.split("\\s+", 2)[0] + ": /help lists the commands"
                        + (shown.isPresent() ? "; //text sends /text" : ""));
                return true;
            }
            return command(typed.get());
        }
        if (shown.isEmpty()) {
            if (input.equals("q")) {
                return false;
            }
            if (input.isEmpty() || input.equals("r")) {
                showUsers();
            } else {
                switchTo(input);
            }
            return true;
        }
        if (!input.isEmpty()) {
            chats.send(shown.get(), input.startsWith("//") ? input.substring(1) : input, false);
        }
        return true;
    }

    private boolean command(SlashCommand.Typed typed) {
        Optional<String> shown = board.shown();
        String argument = typed.argument();
        switch (typed.command()) {
            case HELP -> help();
            case USERS -> showUsers();
            case CHAT -> {
                if (argument.isEmpty()) {
                    screen.error("which chat? /chat NAME (Tab completes names)");
                } else {
                    switchTo(argument);
                }
            }
            case CHATS -> listChats();
            case HISTORY ->
                shown.ifPresentOrElse(
                        peer -> history(peer, argument), () -> screen.error("open a chat first: /chat NAME"));
            case ME -> {
                if (argument.isEmpty()) {
                    screen.say(notices.lines().notice(whereabouts.get(), Screen.GREEN));
                } else if (shown.isPresent()) {
                    chats.send(shown.get(), ChatLines.ACTION + argument, false);
                } else {
                    screen.error("open a chat first: /chat NAME");
                }
            }
            case LEAVE ->
                shown.ifPresentOrElse(this::leave, () -> screen.error("you are on the user list: /quit (or q) exits"));
            case QUIT -> {
                return false;
            }
        }
        return true;
    }

    private void help() {
        screen.say(Screen.bold("Commands (Tab completes commands and names, up/down recall what you typed):"));
        for (SlashCommand c : SlashCommand.values()) {
            screen.say(String.format("  %-16s %s", c.name + c.arguments, c.help));
        }
        screen.say("  In a chat anything else is sent, \"q\" too; //text sends /text.");
        screen.say("  On the user list: a username opens the chat, r refreshes, q quits.");
    }

    private void switchTo(String name) {
        Conversation c;
        try {
            c = screen.progress("opening the chat with " + name, chats.open(name));
        } catch (CliFailure e) {
            screen.error(e.getMessage());
            return;
        }
        String peer = c.peer();
        int unread = board.unread(peer);
        board.show(peer);
        screen.say(Screen.bold("--- chat with " + peer + " ---"));
        List<ChatMessage> messages = c.messages();
        int from = Math.max(0, messages.size() - Math.max(RECAP, unread));
        if (from > 0) {
            screen.say(notices.lines().notice(from + " earlier messages: /history shows them", Screen.CYAN));
        }
        showAll(messages.subList(from, messages.size()));
        if (from < messages.size()) {
            earliestShown.put(peer, messages.get(from).id());
        } else {
            earliestShown.remove(peer);
        }
        screen.say(
                c.isLive()
                        ? Screen.color(
                                peer + " is online: you are connected directly. /leave leaves the chat, /help "
                                        + "lists the commands.",
                                Screen.GREEN)
                        : Screen.color(
                                peer + " is offline: your messages go to their inbox and reach them at their "
                                        + "next login. /leave leaves the chat, /help lists the commands.",
                                Screen.YELLOW));
    }

    private void showAll(List<ChatMessage> messages) {
        String me = client.currentUser().orElse("");
        for (ChatMessage m : messages) {
            screen.say(notices.lines().message(m, m.from().equals(me) ? board.mark(m.id()) : Optional.empty(), me));
        }
    }

    /** The page of messages before the earliest one shown in this chat. */
    private void history(String peer, String argument) {
        int count;
        try {
            count = argument.isEmpty() ? PAGE : Integer.parseInt(argument);
        } catch (NumberFormatException e) {
            screen.error("/history takes a number of messages, e.g. /history 50");
            return;
        }
        count = Math.max(1, Math.min(MAX_PAGE, count));
        List<ChatMessage> all;
        try {
            all = screen.progress("reading the history with " + peer, client.history(peer));
        } catch (CliFailure e) {
            screen.error("cannot read the history: " + e.getMessage());
            return;
        }
        MessageId earliest = earliestShown.get(peer);
        int end = all.size();
        for (int i = 0; earliest != null && i < all.size(); i++) {
            if (all.get(i).id().equals(earliest)) {
                end = i;
                break;
            }
        }
        int start = Math.max(0, end - count);
        if (start == end) {
            screen.say(notices.lines().notice("(the beginning of the chat: nothing older)", Screen.CYAN));
            return;
        }
        screen.say(Screen.bold("--- messages " + (start + 1) + " to " + end + " of " + all.size() + " with " + peer
                + (start > 0 ? " (/history for older)" : " (the beginning)") + " ---"));
        showAll(all.subList(start, end));
        earliestShown.put(peer, all.get(start).id());
    }

    private void listChats() {
        List<String> open = chats.peers();
        if (open.isEmpty()) {
            screen.say("no open chats: /chat NAME opens one");
            return;
        }
        screen.say(Screen.bold("Open chats:"));
        for (String peer : open.stream().sorted().toList()) {
            boolean live = chats.get(peer).map(Conversation::isLive).orElse(false);
            int unread = board.unread(peer);
            screen.say("  " + peer + (live ? "  live" : "  offline") + (unread > 0 ? "  " + unread + " unread" : "")
                    + (board.isShown(peer) ? "  (shown)" : ""));
        }
    }

    private void leave(String peer) {
        try {
            screen.progress("saving the conversation with " + peer, chats.close(peer));
        } catch (CliFailure e) {
            screen.error("the conversation was not saved: " + e.getMessage());
        }
        board.show(null);
        earliestShown.remove(peer);
        showUsers();
    }

    private void quit() {
        try {
            screen.progress("leaving your chats", chats.closeAll());
        } catch (CliFailure e) {
            screen.error("not every conversation was saved: " + e.getMessage());
        }
        try {
            screen.progress("logging out", client.logout());
        } catch (CliFailure e) {
            screen.error("logging out failed: " + e.getMessage());
        }
        screen.say("bye");
    }

    private void showUsers() {
        List<Presence> users;
        try {
            users = screen.progress("looking up users", client.users());
        } catch (CliFailure e) {
            screen.error("cannot list the users: " + e.getMessage());
            return;
        }
        board.knowUsers(users.stream().map(Presence::username).toList());
        String me = client.currentUser().orElse("");
        long online = users.stream().filter(Presence::isOnline).count();
        screen.say(Screen.bold("Users (" + online + " online, " + (users.size() - online) + " offline):"));
        users.stream()
                .sorted((a, b) ->
                        a.isOnline() == b.isOnline() ? a.username().compareTo(b.username()) : a.isOnline() ? -1 : 1)
                .forEach(p -> {
                    String mark = p.isOnline() ? "* online " : "  offline";
                    String name = p.username() + (p.username().equals(me) ? " (you)" : "");
                    int count = board.unread(p.username());
                    String news = count > 0 ? "  " + count + " unread" : "";
                    String open = chats.get(p.username()).isPresent() ? "  (chat open)" : "";
                    screen.say("  " + mark + "  " + name + news + open);
                });
    }
}
