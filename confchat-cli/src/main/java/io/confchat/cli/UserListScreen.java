package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.Presence;
import io.confchat.api.chat.UserPage;
import java.util.List;
import java.util.Optional;

/**
 * The interactive client's user list ({@code /users}, {@code r}) and search ({@code /find}):
 * online first, each with unread counts and whether its chat is open. Runs on the input thread.
 */
final class UserListScreen {
    private final ChatClient client;
    private final Screen screen;
    private final ChatBoard board;
    private final OpenChats chats;
    private final ChatLines lines;

    UserListScreen(ChatClient client, Screen screen, ChatBoard board, OpenChats chats, ChatLines lines) {
        this.client = client;
        this.screen = screen;
        this.board = board;
        this.chats = chats;
        this.lines = lines;
    }

    /**
     * The user list: the people you know (your chats) and, while the network is small, everyone;
     * in a large network, a hint to find others by name.
     */
    void show() {
        List<Presence> users;
        Optional<UserPage> everyone;
        try {
            users = screen.progress("looking up users", client.users());
            everyone = screen.progress("looking up the directory", client.everyone(Optional.empty()));
        } catch (CliFailure e) {
            screen.error("cannot list the users: " + e.getMessage());
            return;
        }
        long online = users.stream().filter(Presence::isOnline).count();
        screen.say(Screen.bold("Users (" + online + " online, " + (users.size() - online) + " offline):"));
        showPresences(users);
        if (everyone.isEmpty()) {
            screen.say(lines.notice(
                    "these are the people you chat with; /find PREFIX finds anyone else by name", Screen.CYAN));
        } else if (everyone.get().more()) {
            screen.say(lines.notice("and more: /find PREFIX finds them by name", Screen.CYAN));
        }
    }

    void find(String prefix) {
        UserPage found;
        try {
            found = screen.progress("searching for " + prefix, client.findUsers(prefix));
        } catch (CliFailure e) {
            screen.error(e.getMessage());
            return;
        }
        if (found.users().isEmpty()) {
            screen.say("no user's name starts with " + prefix);
            return;
        }
        screen.say(Screen.bold("Users whose names start with " + prefix + ":"));
        showPresences(found.users());
        if (found.more()) {
            screen.say(lines.notice("and more: type more letters to narrow the search", Screen.CYAN));
        }
    }

    private void showPresences(List<Presence> users) {
        board.knowUsers(users.stream().map(Presence::username).toList());
        String me = client.currentUser().orElse("");
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
