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
        if (board.arrived(m.from())) {
            String when = m.viaInbox() ? " (sent while you were offline)" : "";
            screen.say(new AttributedStringBuilder()
                    .append(lines.notice("new message from " + m.from() + when + ": ", Screen.YELLOW))
                    .append(m.text())
                    .toAttributedString());
            if (bell) {
                screen.bell();
            }
        } else {
            screen.say(lines.message(m, Optional.empty(), me.get()));
        }
        screen.refresh();
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
            String why = switch (reason) {
                case PEER_LEFT -> peer + " left the chat";
                case CONNECTION_LOST -> "the connection to " + peer + " dropped";
                case CORRUPTED -> "the connection to " + peer + " was corrupted";
            };
            screen.say(lines.notice(why + "; your messages now go to " + peer + "'s inbox", Screen.YELLOW));
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
                + "have been re-created, or someone is impersonating it.");
    }
}
