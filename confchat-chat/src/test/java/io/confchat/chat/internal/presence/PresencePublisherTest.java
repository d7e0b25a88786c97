package io.confchat.chat.internal.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Dht;
import io.confchat.api.DhtKey;
import io.confchat.api.NodeId;
import io.confchat.api.PutResult;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.Presence;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.session.SessionEndpoint;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.time.ManualScheduler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Presence carries the node's endpoints as they are at each publication, as many as every reader
 * accepts, and readers get every one of them back in order.
 */
class PresencePublisherTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration TTL = Duration.ofMinutes(2);
    private static final Duration INTERVAL = Duration.ofMinutes(1);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingDht dht = new RecordingDht();
    private final Account alice =
            new Account("alice", Ed25519KeyPair.generate(RANDOM), X25519KeyPair.generate(RANDOM), new byte[32]);
    private final AtomicReference<List<SessionEndpoint>> endpoints = new AtomicReference<>();
    private final PresencePublisher publisher =
            new PresencePublisher(dht, scheduler, alice, endpoints::get, new byte[32], TTL, INTERVAL);
    private final PresenceReader reader = new PresenceReader(dht, scheduler);

    @Test
    void publishes_asManyEndpointsAsReadersAccept_andTheReaderGetsThemAllInOrder() {
        List<SessionEndpoint> six = List.of(
                endpoint("203.0.113.21", 4001),
                endpoint("2001:db8::2", 4001),
                endpoint("10.1.0.2", 4001),
                endpoint("192.168.7.2", 4001),
                endpoint("fd00::2", 4001),
                endpoint("172.16.0.2", 4001));
        endpoints.set(six);
        scheduler.await(publisher.start(), Duration.ofSeconds(1));

        PeerPresence read = read();
        assertThat(read.isOnline()).isTrue();
        assertThat(read.endpoints()).containsExactlyElementsOf(six.subList(0, Payloads.MAX_ENDPOINTS));
    }

    @Test
    void republishing_carriesTheEndpointsKnownThen() {
        endpoints.set(List.of(endpoint("10.1.0.2", 4001)));
        scheduler.await(publisher.start(), Duration.ofSeconds(1));
        assertThat(read().endpoints()).containsExactly(endpoint("10.1.0.2", 4001));

        endpoints.set(List.of(endpoint("203.0.113.21", 4001), endpoint("10.1.0.2", 4001)));
        scheduler.advance(INTERVAL);
        assertThat(read().endpoints()).containsExactly(endpoint("203.0.113.21", 4001), endpoint("10.1.0.2", 4001));
    }

    @Test
    void relayedEndpoints_reachTheReaderWithTheirNode_andAChangeIsPublishedWithoutWaitingAnInterval() {
        endpoints.set(List.of(endpoint("10.1.0.2", 4001)));
        scheduler.await(publisher.start(), Duration.ofSeconds(1));
        List<SessionEndpoint> relayed = List.of(
                relayed("203.0.113.10", 4000, 1), relayed("198.51.100.10", 4000, 1), endpoint("10.1.0.2", 4001));
        endpoints.set(relayed);
        scheduler.advance(PresencePublisher.CHANGE_CHECK);
        assertThat(read().endpoints()).containsExactlyElementsOf(relayed);
        int puts = dht.puts();
        scheduler.advance(PresencePublisher.CHANGE_CHECK.multipliedBy(3));
        assertThat(dht.puts()).as("no change, no extra record").isEqualTo(puts);
    }

    @Test
    void stop_publishesOfflineWithoutEndpoints() {
        endpoints.set(List.of(endpoint("10.1.0.2", 4001)));
        scheduler.await(publisher.start(), Duration.ofSeconds(1));
        scheduler.await(publisher.stop(), Duration.ofSeconds(1));
        PeerPresence read = read();
        assertThat(read.presence().status()).isEqualTo(Presence.Status.OFFLINE);
        assertThat(read.endpoints()).isEmpty();
    }

    private PeerPresence read() {
        return scheduler.await(reader.read("alice", alice.identity().publicKey()), Duration.ofSeconds(1));
    }

    private static SessionEndpoint endpoint(String ip, int port) {
        return new SessionEndpoint.Direct(new InetSocketAddress(ip, port)); // IP literals: no lookup
    }

    private static SessionEndpoint relayed(String ip, int port, int node) {
        byte[] id = new byte[32];
        id[0] = (byte) node;
        return new SessionEndpoint.Relayed(new InetSocketAddress(ip, port), NodeId.of(id));
    }

    /** Keeps every record put; a get returns them all (the reader picks the newest). */
    private static final class RecordingDht implements Dht {
        private final Map<DhtKey, List<SignedRecord>> records = new ConcurrentHashMap<>();

        int puts() {
            return records.values().stream().mapToInt(List::size).sum();
        }

        @Override
        public NodeId localId() {
            throw new UnsupportedOperationException();
        }

        @Override
        public InetSocketAddress localAddress() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> bootstrap(Collection<InetSocketAddress> seeds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<PutResult> put(SignedRecord record) {
            assertThat(record.key()).isEqualTo(RecordKeys.presence(record.ownerPublicKey()));
            assertThat(Payloads.presence(record))
                    .as("a record every storing node and reader accepts")
                    .isPresent();
            records.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record);
            return CompletableFuture.completedFuture(new PutResult(1, 1, List.of()));
        }

        @Override
        public CompletableFuture<List<SignedRecord>> get(DhtKey key) {
            return CompletableFuture.completedFuture(List.copyOf(records.getOrDefault(key, List.of())));
        }

        @Override
        public void close() {}
    }
}
