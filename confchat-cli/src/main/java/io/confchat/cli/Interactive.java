package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatSummary;
import io.confchat.api.chat.Conversation;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jline.reader.LineReader;

/**
 * The interactive client, screen by screen (the original's flow, with several chats at once):
 *
 * <pre>
 *  log in / register --> user list --(username, /chat NAME)--> chat with bob --(/leave)--> user list
 *                        r refreshes, q quits                  any text is sent ("q" too);
 *                                                              /chat carol switches, bob's chat stays open
 *  anywhere: /help /users /find PREFIX /chat NAME /chats /history [N] /me [TEXT] /leave /quit
 *            /group ACTION ... /groups          a group chat is #name: /chat #friends ({@link GroupChats})
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
    private final GroupChats groups;
    private final UserListScreen users;
    private final PeerChats peers;
    private final Supplier<String> whereabouts;
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
        this.groups = new GroupChats(client, screen, board, chats, notices.lines());
        this.users = new UserListScreen(client, screen, board, chats, notices.lines());
        this.peers = new PeerChats(client, screen, board, chats, notices.lines());
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
                board.unreadAtLogin(s.isGroup() ? GroupRefs.MARK + s.peer() : s.peer(), s.unread());
            }
        } catch (CliFailure e) {
            screen.error("cannot read your chat list: " + e.getMessage());
        }
        users.show();
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
                users.show();
            } else {
                switchTo(input);
            }
            return true;
        }
        if (!input.isEmpty()) {
            String text = input.startsWith("//") ? input.substring(1) : input;
            if (GroupRefs.isGroup(shown.get())) {
                groups.send(shown.get(), text);
            } else {
                chats.send(shown.get(), text, false);
            }
        }
        return true;
    }

    private boolean command(SlashCommand.Typed typed) {
        Optional<String> shown = board.shown();
        String argument = typed.argument();
        switch (typed.command()) {
            case HELP -> help();
            case USERS -> users.show();
            case FIND -> {
                if (argument.isEmpty()) {
                    screen.error("find whom? /find PREFIX (the first letters of a name)");
                } else {
                    users.find(argument);
                }
            }
            case CHAT -> {
                if (argument.isEmpty()) {
                    screen.error("which chat? /chat NAME (Tab completes names)");
                } else {
                    switchTo(argument);
                }
            }
            case CHATS -> listChats();
            case GROUP -> groups.command(argument);
            case GROUPS -> groups.list();
            case HISTORY ->
                shown.ifPresentOrElse(
                        peer -> {
                            if (GroupRefs.isGroup(peer)) {
                                groups.command("history");
                            } else {
                                peers.history(peer, argument);
                            }
                        },
                        () -> screen.error("open a chat first: /chat NAME"));
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
            case TRUST -> {
                if (argument.isEmpty()) {
                    screen.error("whose new key? /trust NAME");
                } else {
                    trust(argument);
                }
            }
            case QUIT -> {
                return false;
            }
        }
        return true;
    }

    private void trust(String name) {
        try {
            screen.progress("trusting " + name + "'s new key", client.acceptKeyChange(name));
            screen.say(notices.lines().notice("you now chat with " + name + "'s new key", Screen.GREEN));
        } catch (CliFailure e) {
            screen.error(e.getMessage());
        }
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
        if (GroupRefs.isGroup(name)) {
            groups.show(name);
        } else {
            peers.show(name);
        }
    }

    private void listChats() {
        List<String> open = chats.peers();
        List<String> openGroups = groups.openLabels();
        if (open.isEmpty() && openGroups.isEmpty()) {
            screen.say("no open chats: /chat NAME opens one (/chat #NAME a group chat)");
            return;
        }
        screen.say(Screen.bold("Open chats:"));
        for (String group : openGroups) {
            int unread = board.unread(group);
            screen.say("  " + group + "  group" + (unread > 0 ? "  " + unread + " unread" : "")
                    + (board.isShown(group) ? "  (shown)" : ""));
        }
        for (String peer : open.stream().sorted().toList()) {
            boolean live = chats.get(peer).map(Conversation::isLive).orElse(false);
            int unread = board.unread(peer);
            screen.say("  " + peer + (live ? "  live" : "  offline") + (unread > 0 ? "  " + unread + " unread" : "")
                    + (board.isShown(peer) ? "  (shown)" : ""));
        }
    }

    private void leave(String peer) {
        if (GroupRefs.isGroup(peer)) {
            groups.close(peer);
        } else {
            try {
                screen.progress("saving the conversation with " + peer, chats.close(peer));
            } catch (CliFailure e) {
                screen.error("the conversation was not saved: " + e.getMessage());
            }
        }
        board.show(null);
        peers.forget(peer);
        users.show();
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
}
