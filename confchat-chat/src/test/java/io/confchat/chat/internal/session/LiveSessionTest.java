package io.confchat.chat.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.chat.internal.crypto.NoiseHandshake;
import io.confchat.chat.internal.crypto.NoiseTransport;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.records.MessageIds;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two live sessions joined by hand over {@link EmbeddedChannel}s: batching, acks, bodies. */
class LiveSessionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROLOGUE = "test".getBytes(StandardCharsets.US_ASCII);

    private final EmbeddedChannel aliceChannel = new EmbeddedChannel();
    private final EmbeddedChannel bobChannel = new EmbeddedChannel();
    private final Recording aliceEvents = new Recording();
    private final Recording bobEvents = new Recording();
    private final LiveSession alice;
    private final LiveSession bob;

    LiveSessionTest() throws Exception {
        NoiseHandshake initiator = NoiseHandshake.initiator(X25519KeyPair.generate(RANDOM), PROLOGUE, RANDOM);
        NoiseHandshake responder = NoiseHandshake.responder(X25519KeyPair.generate(RANDOM), PROLOGUE, RANDOM);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        initiator.readMessage(responder.writeMessage(new byte[0]));
        responder.readMessage(initiator.writeMessage(new byte[0]));
        alice = session(aliceChannel, initiator.split(), "bob", "alice", true, aliceEvents);
        bob = session(bobChannel, responder.split(), "alice", "bob", false, bobEvents);
    }

    private static LiveSession session(
            EmbeddedChannel channel,
            NoiseTransport transport,
            String peer,
            String me,
            boolean initiator,
            Recording events) {
        LiveSession s = new LiveSession(
                channel, transport, new SessionIdentity.Peer(peer, new byte[32]), me, initiator, events);
        channel.pipeline().addLast(s);
        s.activate();
        channel.runPendingTasks();
        return s;
    }

    @Test
    void send_shouldBatchTextsOfOneTurn_andCompleteEachAtItsAck() {
        List<ChatMessage> sent = new ArrayList<>();
        List<CompletableFuture<Delivery>> deliveries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ChatMessage m = message("text " + i);
            sent.add(m);
            deliveries.add(alice.send(m));
        }

        int messages = carry(aliceChannel, bobChannel);

        assertThat(messages).isEqualTo(2); // at most 256 frames per encrypted message
        assertThat(bobEvents.texts).extracting(ChatMessage::id).containsExactlyElementsOf(ids(sent));
        assertThat(bobEvents.texts).extracting(ChatMessage::text).containsExactlyElementsOf(texts(sent));
        assertThat(deliveries).noneMatch(CompletableFuture::isDone);

        carry(bobChannel, aliceChannel);

        assertThat(deliveries).allMatch(d -> d.join().state() == DeliveryState.DELIVERED);
    }

    @Test
    void send_shouldCarryNonAsciiBodiesUnchanged() {
        ChatMessage m = message("grüße, 你好 and 🙂");
        CompletableFuture<Delivery> delivery = alice.send(m);

        carry(aliceChannel, bobChannel);
        carry(bobChannel, aliceChannel);

        assertThat(bobEvents.texts).singleElement().satisfies(t -> {
            assertThat(t.text()).isEqualTo(m.text());
            assertThat(t.sentAt()).isEqualTo(m.sentAt());
            assertThat(t.from()).isEqualTo("alice");
        });
        assertThat(delivery.join().state()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void channelInactive_shouldHandOverTextsNotYetAcknowledged() {
        ChatMessage acked = message("acked");
        ChatMessage lost = message("lost");
        alice.send(acked);
        carry(aliceChannel, bobChannel);
        carry(bobChannel, aliceChannel);
        alice.send(lost);

        aliceChannel.close();

        assertThat(aliceEvents.unacknowledged).extracting(o -> o.message().id()).containsExactly(lost.id());
    }

    private static ChatMessage message(String text) {
        return new ChatMessage(
                MessageIds.random(RANDOM), "alice", "bob", Instant.ofEpochMilli(1_700_000_000_000L), text, false);
    }

    /** Runs {@code from}'s pending flushes and delivers what it wrote to {@code to}; returns how many. */
    @Test
    void aPeerThatStopsAcking_endsTheSession_andHandsBackTheUnacknowledgedText() {
        ChatMessage m = message("anyone there?");
        CompletableFuture<Delivery> delivery = alice.send(m);
        aliceChannel.runPendingTasks();
        aliceChannel.readOutbound(); // lost on the way: bob never sees it, never acks

        aliceChannel.advanceTimeBy(LiveSession.ACK_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        aliceChannel.runScheduledPendingTasks();
        assertThat(aliceChannel.isOpen()).as("one check: not yet").isTrue();
        aliceChannel.advanceTimeBy(LiveSession.ACK_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        aliceChannel.runScheduledPendingTasks();
        aliceChannel.runPendingTasks();

        assertThat(aliceChannel.isOpen()).isFalse();
        assertThat(aliceEvents.unacknowledged).extracting(o -> o.message().id()).containsExactly(m.id());
        assertThat(aliceEvents.reasons).containsExactly("bob stopped answering");
        assertThat(delivery).isNotDone(); // the client resends it or puts it in the inbox
    }

    @Test
    void aPeerThatAcks_keepsTheSessionOpen_pastManyChecks() {
        for (int i = 0; i < 5; i++) {
            alice.send(message("text " + i));
            carry(aliceChannel, bobChannel);
            carry(bobChannel, aliceChannel);
            aliceChannel.advanceTimeBy(LiveSession.ACK_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            aliceChannel.runScheduledPendingTasks();
        }

        assertThat(aliceChannel.isOpen()).isTrue();
    }

    private static int carry(EmbeddedChannel from, EmbeddedChannel to) {
        from.runPendingTasks();
        int n = 0;
        ByteBuf out;
        while ((out = from.readOutbound()) != null) {
            to.writeInbound(out);
            n++;
        }
        to.runPendingTasks();
        return n;
    }

    private static List<String> ids(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::id).toList();
    }

    private static List<String> texts(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::text).toList();
    }

    private static final class Recording implements LiveSession.Events {
        final List<ChatMessage> texts = new CopyOnWriteArrayList<>();
        final List<LiveSession.Outgoing> unacknowledged = new CopyOnWriteArrayList<>();
        final List<String> reasons = new CopyOnWriteArrayList<>();

        @Override
        public void onText(LiveSession session, ChatMessage message) {
            texts.add(message);
        }

        @Override
        public void onTyping(LiveSession session) {}

        @Override
        public void onEnded(
                LiveSession session, List<LiveSession.Outgoing> unacked, String reason, LiveSession.EndCause cause) {
            unacknowledged.addAll(unacked);
            reasons.add(reason);
        }
    }
}
