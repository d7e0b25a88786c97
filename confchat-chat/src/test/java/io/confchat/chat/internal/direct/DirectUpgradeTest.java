package io.confchat.chat.internal.direct;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.session.ByeReason;
import io.confchat.chat.internal.session.LiveSession;
import io.confchat.chat.internal.session.Outgoing;
import io.confchat.chat.internal.session.SessionEvent;
import io.confchat.chat.internal.session.SessionTransport;
import io.confchat.dht.internal.stream.HolePunch;
import io.confchat.dht.time.ManualScheduler;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What a peer's hole-punch signals can make a node do: nothing over a direct session, and over a
 * relayed one at most one port and one round of dials per attempt, for at most three attempts.
 */
class DirectUpgradeTest {
    private static final List<InetSocketAddress> THERE = List.of(new InetSocketAddress("198.51.100.23", 40001));

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<FakePunch> prepared = new ArrayList<>();
    private final SessionTransport.Punching punching = new SessionTransport.Punching() {
        @Override
        public CompletableFuture<HolePunch> prepare() {
            FakePunch p = new FakePunch(40000 + prepared.size());
            prepared.add(p);
            return CompletableFuture.completedFuture(p);
        }

        @Override
        public List<InetAddress> addresses() {
            return List.of(InetAddress.getLoopbackAddress());
        }
    };
    private final DirectUpgrade upgrades = new DirectUpgrade(null, Optional.of(punching), scheduler, null);
    private final UserKeys bob = new UserKeys("bob", new byte[32], new byte[32]);

    @Test
    void signalsOverADirectSession_bindNoPortAndDialNothing() {
        FakeSession direct = new FakeSession(false);
        upgrades.signal(new SessionEvent.Signal(direct, PathSignals.offer(1, THERE)), bob);
        upgrades.signal(new SessionEvent.Signal(direct, PathSignals.sync(1)), bob);
        assertThat(prepared).isEmpty();
        assertThat(direct.sent).isEmpty();
    }

    @Test
    void theDialerAnswersEachAttemptOnce_atMostThree_andDialsOnlyOnSync() {
        FakeSession relayed = new FakeSession(true);
        for (int attempt : new int[] {1, 1, 2, 2, 3, 3, 3}) {
            upgrades.signal(new SessionEvent.Signal(relayed, PathSignals.offer(attempt, THERE)), bob);
        }
        assertThat(prepared).as("one port per attempt").hasSize(3);
        assertThat(relayed.sent).as("one answer per attempt").hasSize(3);
        assertThat(prepared).allMatch(p -> p.dialed == null);
        upgrades.signal(new SessionEvent.Signal(relayed, PathSignals.sync(2)), bob);
        assertThat(prepared).allMatch(p -> p.dialed == null).as("a sync for an old attempt dials nothing");
        upgrades.signal(new SessionEvent.Signal(relayed, PathSignals.sync(3)), bob);
        assertThat(prepared.get(2).dialed).isEqualTo(THERE);
        assertThat(prepared.get(0).closed && prepared.get(1).closed)
                .as("old ports released")
                .isTrue();
    }

    @Test
    void malformedSignals_doNothing() {
        FakeSession relayed = new FakeSession(true);
        upgrades.signal(new SessionEvent.Signal(relayed, new byte[] {1, 2, 3}), bob);
        assertThat(prepared).isEmpty();
    }

    /** A hole punch that records what it was asked. */
    private static final class FakePunch implements HolePunch {
        final int port;
        List<InetSocketAddress> dialed;
        boolean closed;

        FakePunch(int port) {
            this.port = port;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public CompletableFuture<Void> connect(
                List<InetSocketAddress> remotes, Duration within, Consumer<Channel> connections) {
            dialed = remotes;
            return new CompletableFuture<>();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** The dialer's side of a session with bob, relayed or not; records the signals sent. */
    private static final class FakeSession implements LiveSession {
        @Override
        public Offer sendGroup(byte[] envelope) {
            return Offer.ENDED;
        }

        final boolean relayed;
        final List<byte[]> sent = new ArrayList<>();

        FakeSession(boolean relayed) {
            this.relayed = relayed;
        }

        @Override
        public String peer() {
            return "bob";
        }

        @Override
        public byte[] peerIdentityKey() {
            return new byte[32];
        }

        @Override
        public boolean isInitiator() {
            return true;
        }

        @Override
        public boolean isRelayed() {
            return relayed;
        }

        @Override
        public void signal(byte[] payload) {
            sent.add(payload);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public Offer offer(Outgoing text) {
            return Offer.ENDED;
        }

        @Override
        public void acknowledge(List<MessageId> ids) {}

        @Override
        public void typing() {}

        @Override
        public void leave(ByeReason reason) {}

        @Override
        public CompletableFuture<Void> ended() {
            return new CompletableFuture<>();
        }
    }
}
