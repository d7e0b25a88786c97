package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.ConversationPath;
import io.confchat.api.chat.MessageId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The interactive client's 1:1 chats on screen: showing one ({@code /chat NAME}) with its recent
 * messages and how texts travel, and paging back through its history ({@code /history [N]}) from
 * the earliest message shown. {@link GroupChats} does the same for group chats. Runs on the input
 * thread.
 */
final class PeerChats {
    private final ChatClient client;
    private final Screen screen;
    private final ChatBoard board;
    private final OpenChats chats;
    private final ChatLines lines;
    private final Map<String, MessageId> earliestShown = new ConcurrentHashMap<>();

    PeerChats(ChatClient client, Screen screen, ChatBoard board, OpenChats chats, ChatLines lines) {
        this.client = client;
        this.screen = screen;
        this.board = board;
        this.chats = chats;
        this.lines = lines;
    }

    /** Forgets how far back {@code peer}'s chat was paged (it was left). */
    void forget(String peer) {
        earliestShown.remove(peer);
    }

    /** Shows the chat with {@code name}, opening it, with its recent messages and how texts travel. */
    void show(String name) {
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
        int from = Math.max(0, messages.size() - Math.max(Interactive.RECAP, unread));
        if (from > 0) {
            screen.say(lines.notice(from + " earlier messages: /history shows them", Screen.CYAN));
        }
        showAll(messages.subList(from, messages.size()));
        if (from < messages.size()) {
            earliestShown.put(peer, messages.get(from).id());
        } else {
            earliestShown.remove(peer);
        }
        ConversationPath path = c.path();
        screen.say(
                path != ConversationPath.INBOX
                        ? Screen.color(
                                peer + " is online: you are connected "
                                        + (path == ConversationPath.DIRECT
                                                ? "directly"
                                                : "through a relay, which passes only encrypted bytes")
                                        + ". /leave leaves the chat, /help lists the commands.",
                                Screen.GREEN)
                        : Screen.color(
                                peer + " is offline: your messages go to their inbox and reach them at their "
                                        + "next login. /leave leaves the chat, /help lists the commands.",
                                Screen.YELLOW));
    }

    private void showAll(List<ChatMessage> messages) {
        String me = client.currentUser().orElse("");
        for (ChatMessage m : messages) {
            screen.say(lines.message(m, m.from().equals(me) ? board.mark(m.id()) : Optional.empty(), me));
        }
    }

    /** The page of messages before the earliest one shown in this chat. */
    void history(String peer, String argument) {
        int count;
        try {
            count = argument.isEmpty() ? Interactive.PAGE : Integer.parseInt(argument);
        } catch (NumberFormatException e) {
            screen.error("/history takes a number of messages, e.g. /history 50");
            return;
        }
        count = Math.max(1, Math.min(Interactive.MAX_PAGE, count));
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
            screen.say(lines.notice("(the beginning of the chat: nothing older)", Screen.CYAN));
            return;
        }
        screen.say(Screen.bold("--- messages " + (start + 1) + " to " + end + " of " + all.size() + " with " + peer
                + (start > 0 ? " (/history for older)" : " (the beginning)") + " ---"));
        showAll(all.subList(start, end));
        earliestShown.put(peer, all.get(start).id());
    }
}
