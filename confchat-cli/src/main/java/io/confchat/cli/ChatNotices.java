package io.confchat.cli;

import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.SessionEndReason;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * What the interactive client shows as things happen: messages of the shown chat as chat lines;
 * messages of any other chat as a notice (with the bell, unless turned off) and an unread count
 * on the status line; your own texts, once the network took them, with their delivery mark, and a
 * line in the chat when a queued one reaches the peer later; chat requests, ended sessions,
 * typing and a changed identity key. Called on the client's event thread and on completion of
 * sends; never blocks.
 */
final class ChatNotices implements ChatListener, OpenChats.SendObserver {
    private static final long TYPING_EVERY_MILLIS = 2_000;

    private final Screen screen;
    private final ChatBoard board;
    private final ChatLines lines;
    private final OpenChats chats;
    private final Supplier<String> me;
    private final boolean bell;
    private final Clock clock;
    private volatile long lastTypingShown;

    ChatNotices(Screen screen, ChatBoard board, OpenChats chats, Supplier<String> me, boolean bell, Clock clock) {
        this.screen = screen;
        this.board = board;
        this.lines = new ChatLines(clock);
        this.chats = chats;
        this.me = me;
        this.bell = bell;
        this.clock = clock;
    }

    ChatLines lines() {
        return lines;
    }

    @Override
    public void onMessage(ChatMessage m) {
        String when = m.viaInbox() ? " (sent while you were offline)" : "";
        arrived(
                m.from(),
                "new message from " + m.from() + when,
                m.text(),
                lines.message(m, Optional.empty(), me.get()));
    }

    /**
     * A message of {@code chat} (a peer, or a group's {@code #name}): its chat line when that chat
     * is shown, else {@code notice: text} with the bell and an unread count.
     */
    void arrived(String chat, String notice, String text, AttributedString line) {
        if (board.arrived(chat)) {
            screen.say(new AttributedStringBuilder()
                    .append(lines.notice(notice + ": ", Screen.YELLOW))
                    .append(text)
                    .toAttributedString());
            ring();
        } else {
            screen.say(line);
        }
        screen.refresh();
    }

    /** The bell, unless turned off. */
    void ring() {
        if (bell) {
            screen.bell();
        }
    }

    @Override
    public void sending(String peer, String text, CompletableFuture<Delivery> delivery, boolean fromScript) {
        board.sendingStarted();
        screen.refresh();
        delivery.whenComplete((d, error) -> {
            board.sendingEnded();
            if (error != null) {
                screen.error(lines.stamp(clock.instant()) + "not sent to " + peer + " (" + Failures.describe(error)
                        + "): " + text);
            } else {
                board.mark(d.message().id(), d.state());
                showOwn(d, fromScript);
            }
            screen.refresh();
        });
    }

    private void showOwn(Delivery d, boolean fromScript) {
        String suffix = fromScript ? " (sent by a script)" : "";
        if (board.isShown(d.message().to())) {
            screen.say(new AttributedStringBuilder()
                    .append(lines.message(d.message(), Optional.of(d.state()), me.get()))
                    .append(suffix)
                    .toAttributedString());
        } else {
            screen.say(new AttributedStringBuilder()
                    .append(lines.notice("you to " + d.message().to() + suffix + ": ", Screen.YELLOW))
                    .append(d.message().text() + " " + ChatLines.mark(d.state()))
                    .toAttributedString());
        }
    }

    @Override
    public void onDelivery(Delivery d) {
        Optional<DeliveryState> before = board.mark(d.message().id(), d.state());
        if (d.state() == DeliveryState.DELIVERED
                && before.orElse(DeliveryState.QUEUED) == DeliveryState.QUEUED
                && board.isShown(d.message().to())) {
            screen.say(new AttributedStringBuilder()
                    .append(lines.notice(
                            d.message().to() + " received your message of "
                                    + lines.stamp(d.message().sentAt()).strip() + " "
                                    + ChatLines.mark(DeliveryState.DELIVERED) + ": ",
                            Screen.GREEN))
                    .append(d.message().text())
                    .toAttributedString());
        }
        screen.refresh();
    }

    @Override
    public void onChatRequest(String peer) {
        if (!board.isShown(peer)) {
            screen.say(lines.notice(
                    peer + " wants to chat: type /chat " + peer + " (or " + peer + " on the user list) to answer",
                    Screen.YELLOW));
        }
        screen.refresh();
    }

    @Override
    public void onSessionEnded(String peer, SessionEndReason reason) {
        if (chats.get(peer).isPresent()) {
            // a broken connection is redialed (another relay, a new path): texts go to the inbox only
            // if that fails, and each says where it went by its mark
            String inbox = peer + "'s inbox";
            String why = switch (reason) {
                case PEER_LEFT -> peer + " left the chat; your messages now go to " + inbox;
                case CONNECTION_LOST ->
                    "the connection to " + peer + " dropped; reconnecting, else your messages go to " + inbox;
                case CORRUPTED ->
                    "the connection to " + peer + " was corrupted; reconnecting, else your messages go " + "to "
                            + inbox;
            };
            screen.say(lines.notice(why, Screen.YELLOW));
        }
        screen.refresh();
    }

    @Override
    public void onTyping(String peer) {
        long now = clock.millis();
        if (board.isShown(peer) && now - lastTypingShown > TYPING_EVERY_MILLIS) {
            lastTypingShown = now;
            screen.say(lines.notice(peer + " is typing...", Screen.CYAN));
        }
    }

    @Override
    public void onPeerKeyChanged(String peer) {
        screen.error("WARNING: " + peer + "'s identity key is not the one you first chatted with. The account may "
                + "have been re-created, or someone is impersonating it. Nothing goes to or comes from the new key"
                + " until you type /trust " + peer + " (only if you know why it changed).");
    }
}
