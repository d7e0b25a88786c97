package io.confchat.chat.internal.session;

import static io.confchat.chat.internal.session.SessionPair.carry;
import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.api.chat.SessionEndReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Two session handlers with the real codecs between them, on {@link io.netty.channel.embedded.EmbeddedChannel}s. */
class SessionHandlerTest {
    private static final Random RANDOM = new Random(11);

    @Test
    void offer_shouldDeliverTextsInOrder_andHandBackTheirFuturesAtTheAck() throws Exception {
        SessionPair p = new SessionPair(false);
        List<Outgoing> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Outgoing o = text("text " + i);
            sent.add(o);
            assertThat(p.alice.offer(o)).isEqualTo(LiveSession.Offer.ACCEPTED);
        }
        carry(p.aliceChannel, p.bobChannel);

        List<ChatMessage> received = p.events(p.bobEvents, SessionEvent.Received.class).stream()
                .flatMap(r -> r.texts().stream())
                .toList();
        assertThat(received).extracting(ChatMessage::text).containsExactlyElementsOf(texts(sent));
        assertThat(received).extracting(ChatMessage::from).containsOnly("alice");
        assertThat(p.events(p.aliceEvents, SessionEvent.Acknowledged.class)).isEmpty();

        p.bob.acknowledge(received.stream().map(ChatMessage::id).toList());
        carry(p.bobChannel, p.aliceChannel);

        List<Outgoing> acked = p.events(p.aliceEvents, SessionEvent.Acknowledged.class).stream()
                .flatMap(a -> a.delivered().stream())
                .toList();
        assertThat(acked).containsExactlyElementsOf(sent);
    }

    @Test
    void anEndedSession_handsBackEveryUnacknowledgedText_once_andTakesNoMore() throws Exception {
        SessionPair p = new SessionPair(false);
        Outgoing acked = text("acked");
        Outgoing lost = text("lost");
        p.alice.offer(acked);
        carry(p.aliceChannel, p.bobChannel);
        p.bob.acknowledge(List.of(acked.message().id()));
        carry(p.bobChannel, p.aliceChannel);
        p.alice.offer(lost);

        p.aliceChannel.close();

        SessionEvent.Ended ended =
                p.events(p.aliceEvents, SessionEvent.Ended.class).get(0);
        assertThat(ended.reason()).isEqualTo(EndReason.CONNECTION_LOST);
        assertThat(ended.unacknowledged()).containsExactly(lost);
        assertThat(p.alice.offer(text("after"))).isEqualTo(LiveSession.Offer.ENDED);
        assertThat(p.alice.ended()).isDone();
    }

    @Test
    void aPeerThatStopsAcking_endsTheSessionAsLost_afterTheAckTimeout() throws Exception {
        SessionPair p = new SessionPair(false);
        Outgoing o = text("anyone there?");
        p.alice.offer(o);
        p.aliceChannel.readOutbound(); // lost on the way: bob never sees it, never acks

        p.scheduler.advance(SessionPair.ACK_TIMEOUT.dividedBy(2));
        assertThat(p.aliceChannel.isOpen()).as("one check: not yet").isTrue();
        p.scheduler.advance(SessionPair.ACK_TIMEOUT.dividedBy(2));

        assertThat(p.aliceChannel.isOpen()).isFalse();
        SessionEvent.Ended ended =
                p.events(p.aliceEvents, SessionEvent.Ended.class).get(0);
        assertThat(ended.reason()).isEqualTo(EndReason.CONNECTION_LOST);
        assertThat(ended.unacknowledged()).containsExactly(o);
        assertThat(o.delivery()).isNotDone(); // the owner resends it or stores it
    }

    @Test
    void aPeerThatAcks_keepsTheSessionOpen_pastManyChecks() throws Exception {
        SessionPair p = new SessionPair(false);
        for (int i = 0; i < 5; i++) {
            Outgoing o = text("text " + i);
            p.alice.offer(o);
            carry(p.aliceChannel, p.bobChannel);
            p.bob.acknowledge(List.of(o.message().id()));
            carry(p.bobChannel, p.aliceChannel);
            p.scheduler.advance(SessionPair.ACK_TIMEOUT);
        }
        assertThat(p.aliceChannel.isOpen()).isTrue();
    }

    @Test
    void leave_saysGoodbye_andThePeerSeesItLeave() throws Exception {
        SessionPair p = new SessionPair(false);
        Outgoing unanswered = text("bye then");
        p.alice.offer(unanswered);

        p.alice.leave(ByeReason.LEFT);
        carry(p.aliceChannel, p.bobChannel);

        assertThat(p.aliceChannel.isOpen()).isFalse();
        SessionEvent.Ended aliceEnd =
                p.events(p.aliceEvents, SessionEvent.Ended.class).get(0);
        assertThat(aliceEnd.reason()).isEqualTo(EndReason.LEFT);
        assertThat(aliceEnd.reason().reported()).isEmpty();
        assertThat(aliceEnd.unacknowledged()).containsExactly(unanswered);
        SessionEvent.Ended bobEnd =
                p.events(p.bobEvents, SessionEvent.Ended.class).get(0);
        assertThat(bobEnd.reason().reported()).contains(SessionEndReason.PEER_LEFT);
        assertThat(p.events(p.bobEvents, SessionEvent.Received.class)).hasSize(1); // the text before the goodbye
    }

    @Test
    void aTextArrivingAfterOurGoodbye_isNotTaken_soItsSenderKeepsIt() throws Exception {
        SessionPair p = new SessionPair(false);
        p.bob.leave(ByeReason.LEFT); // written, not yet carried
        Outgoing crossing = text("crossing the goodbye");
        p.alice.offer(crossing);
        carry(p.aliceChannel, p.bobChannel);

        assertThat(p.events(p.bobEvents, SessionEvent.Received.class)).isEmpty();
        carry(p.bobChannel, p.aliceChannel);
        SessionEvent.Ended aliceEnd =
                p.events(p.aliceEvents, SessionEvent.Ended.class).get(0);
        assertThat(aliceEnd.reason()).isEqualTo(EndReason.PEER_LEFT);
        assertThat(aliceEnd.unacknowledged()).containsExactly(crossing);
    }

    @Test
    void aCorruptedTransportMessage_endsTheSessionAsCorrupted() throws Exception {
        SessionPair p = new SessionPair(false);
        Outgoing o = text("flipped");
        p.alice.offer(o);
        carry(p.aliceChannel, p.bobChannel, buf -> {
            buf.setByte(buf.readerIndex() + 3, buf.getByte(buf.readerIndex() + 3) ^ 1);
            return buf;
        });

        assertThat(p.bobChannel.isOpen()).isFalse();
        assertThat(p.events(p.bobEvents, SessionEvent.Received.class)).isEmpty();
        assertThat(p.events(p.bobEvents, SessionEvent.Ended.class).get(0).reason())
                .isEqualTo(EndReason.CORRUPTED);
    }

    @Test
    void aPendingResponder_deliversNothingUntilAccepted_thenEverythingInOrder() throws Exception {
        SessionPair p = new SessionPair(true);
        p.alice.offer(text("early 1"));
        p.alice.offer(text("early 2"));
        carry(p.aliceChannel, p.bobChannel);
        assertThat(p.bobEvents).isEmpty();

        p.bob.accept();

        List<String> texts = p.events(p.bobEvents, SessionEvent.Received.class).stream()
                .flatMap(r -> r.texts().stream())
                .map(ChatMessage::text)
                .toList();
        assertThat(texts).containsExactly("early 1", "early 2");
    }

    @Test
    void aPendingResponder_closesAfterTooManyEarlyFrames() throws Exception {
        SessionPair p = new SessionPair(true);
        for (int i = 0; i <= HeldFrames.MAX; i++) {
            p.alice.typing();
        }
        carry(p.aliceChannel, p.bobChannel);

        assertThat(p.bobChannel.isOpen()).isFalse();
        assertThat(p.events(p.bobEvents, SessionEvent.Ended.class).get(0).reason())
                .isEqualTo(EndReason.CORRUPTED);
    }

    @Test
    void supersede_handsTheTextsBack_withoutAnEndEvent() throws Exception {
        SessionPair p = new SessionPair(false);
        Outgoing o = text("moved");
        p.alice.offer(o);

        List<Outgoing> moved = p.alice.supersede(Duration.ZERO);

        assertThat(moved).containsExactly(o);
        assertThat(p.aliceChannel.isOpen()).isFalse();
        assertThat(p.events(p.aliceEvents, SessionEvent.Ended.class)).isEmpty();
        assertThat(p.alice.ended()).isDone();
    }

    @Test
    void typing_reachesThePeer_onceABurst() throws Exception {
        SessionPair p = new SessionPair(false);
        p.alice.typing();
        p.alice.typing();
        carry(p.aliceChannel, p.bobChannel);

        assertThat(p.events(p.bobEvents, SessionEvent.Typing.class)).isNotEmpty();
    }

    private static Outgoing text(String body) {
        return Outgoing.of(new ChatMessage(
                MessageId.random(RANDOM), "alice", "bob", Instant.ofEpochMilli(1_700_000_000_000L), body, false));
    }

    private static List<String> texts(List<Outgoing> sent) {
        return sent.stream().map(o -> o.message().text()).toList();
    }
}
