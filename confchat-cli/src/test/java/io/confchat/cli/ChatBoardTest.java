package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.MessageId;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChatBoardTest {
    private final ChatBoard board = new ChatBoard();

    @Test
    void messagesOutsideTheShownChat_countAsUnread_untilThatChatIsShown() {
        board.show("bob");
        assertThat(board.arrived("bob")).isFalse();
        assertThat(board.arrived("carol")).isTrue();
        assertThat(board.arrived("carol")).isTrue();

        assertThat(board.statusLine("alice", peer -> peer.equals("bob")))
                .isEqualTo("[alice] bob (live) | carol: 2 unread | /help");
        board.show("carol");
        assertThat(board.unread("carol")).isZero();
        assertThat(board.statusLine("alice", peer -> false)).isEqualTo("[alice] carol (offline: inbox) | /help");
    }

    @Test
    void unreadAtLogin_shouldNotAddToWhatArrivedDuringTheLogin() {
        board.arrived("bob"); // fetched from the inbox at login, also counted in the chat list
        board.unreadAtLogin("bob", 1);
        board.unreadAtLogin("dave", 3);

        assertThat(board.unread("bob")).isEqualTo(1);
        assertThat(board.statusLine("alice", p -> false))
                .isEqualTo("[alice] user list | bob: 1 unread | dave: 3 unread | /help");
    }

    @Test
    void aDeliveredText_staysDelivered_andSendingShowsOnTheStatusLine() {
        MessageId id = MessageId.random(new Random(1));
        assertThat(board.mark(id, DeliveryState.QUEUED)).isEmpty();
        assertThat(board.mark(id, DeliveryState.DELIVERED)).contains(DeliveryState.QUEUED);
        board.mark(id, DeliveryState.QUEUED);
        assertThat(board.mark(id)).isEqualTo(Optional.of(DeliveryState.DELIVERED));

        board.sendingStarted();
        assertThat(board.statusLine("alice", p -> false)).contains("| sending 1");
        board.sendingEnded();
        assertThat(board.statusLine("alice", p -> false)).doesNotContain("sending");
    }
}
