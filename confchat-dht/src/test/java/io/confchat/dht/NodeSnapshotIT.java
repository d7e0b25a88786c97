package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.NodeClosedException;
import io.confchat.api.RpcKind;
import io.confchat.dht.store.InMemoryRecordStore;
import io.confchat.dht.store.RecordStore;
import io.confchat.dht.store.StoreUsage;
import io.confchat.dht.store.StoredRecord;
import io.netty.channel.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Snapshots and {@link KademliaNode#closeAsync()} of real nodes on loopback sockets. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class NodeSnapshotIT {

    @Test
    void snapshot_shouldCountOpenConnections_bothWays_andTheirClose() throws Exception {
        try (KademliaNode server = start(new InMemoryRecordStore());
                KademliaNode client = start(new InMemoryRecordStore())) {
            server.registerStreamProtocol("/test/sink/1", ch -> {});
            client.bootstrap(List.of(server.localAddress())).get(10, TimeUnit.SECONDS);
            assertThat(client.snapshot().rpc(RpcKind.PING).sent()).isPositive();
            assertThat(server.snapshot().rpc(RpcKind.PING).received()).isPositive();
            assertThat(client.snapshot().routingTableSize()).isEqualTo(1);

            int before = client.snapshot().outboundConnections();
            Channel channel =
                    client.openStream(server.localAddress(), "/test/sink/1").get(10, TimeUnit.SECONDS);
            assertThat(client.snapshot().outboundConnections()).isGreaterThan(before);
            awaitTrue(() -> server.snapshot().inboundConnections() >= 1);

            channel.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
            awaitTrue(() -> client.snapshot().outboundConnections() == before);
        }
    }

    @Test
    void closeAsync_shouldReturnBeforeTheShutdownEnds_andCompleteWhenItDoes() throws Exception {
        CountDownLatch storeMayClose = new CountDownLatch(1);
        KademliaNode node = start(new SlowClosingStore(storeMayClose));

        CompletableFuture<Void> closing = node.closeAsync();

        // the store's close is still held, yet the caller has its future and the node refuses work
        assertThat(closing).isNotDone();
        assertThat(node.get(DhtKey.hash("late")))
                .failsWithin(1, TimeUnit.SECONDS)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(NodeClosedException.class);
        assertThat(node.snapshot().closed()).isTrue();

        storeMayClose.countDown();
        closing.get(30, TimeUnit.SECONDS);
        assertThat(node.closeAsync()).isDone(); // the same shutdown, already over
    }

    @Test
    void close_afterCloseAsync_shouldWaitForThatShutdown() throws Exception {
        CountDownLatch storeMayClose = new CountDownLatch(1);
        KademliaNode node = start(new SlowClosingStore(storeMayClose));
        CompletableFuture<Void> closing = node.closeAsync();
        CompletableFuture<Void> closed = CompletableFuture.runAsync(node::close);
        assertThat(closed).as("close waits while the store is held").isNotDone();
        storeMayClose.countDown();
        closed.get(30, TimeUnit.SECONDS);
        assertThat(closing).isDone();
    }

    private static KademliaNode start(RecordStore store) {
        try {
            return KademliaNode.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .recordStore(store)
                    .start()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    /** An in-memory store whose close waits for a latch (at most 30 s), as a slow disk would. */
    private static final class SlowClosingStore implements RecordStore {
        private final InMemoryRecordStore inner = new InMemoryRecordStore();
        private final CountDownLatch mayClose;

        SlowClosingStore(CountDownLatch mayClose) {
            this.mayClose = mayClose;
        }

        @Override
        public void close() {
            try {
                mayClose.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inner.close();
        }

        @Override
        public List<StoredRecord> get(DhtKey key) {
            return inner.get(key);
        }

        @Override
        public Optional<StoredRecord> get(DhtKey key, byte[] owner, byte[] slot) {
            return inner.get(key, owner, slot);
        }

        @Override
        public void put(StoredRecord record) {
            inner.put(record);
        }

        @Override
        public boolean remove(DhtKey key, byte[] owner, byte[] slot) {
            return inner.remove(key, owner, slot);
        }

        @Override
        public int purgeExpired(Instant now) {
            return inner.purgeExpired(now);
        }

        @Override
        public int countByKey(DhtKey key) {
            return inner.countByKey(key);
        }

        @Override
        public int countByOwner(byte[] owner) {
            return inner.countByOwner(owner);
        }

        @Override
        public int countBySource(String source) {
            return inner.countBySource(source);
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public StoreUsage usage(DhtKey key, byte[] owner, String source, String type) {
            return inner.usage(key, owner, source, type);
        }

        @Override
        public Set<DhtKey> keys() {
            return inner.keys();
        }
    }
}
