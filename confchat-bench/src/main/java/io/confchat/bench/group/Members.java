package io.confchat.bench.group;

import io.confchat.api.chat.ChatClient;
import io.confchat.dht.NodeSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The members of a group benchmark, logged in, and the network they are on: simulated (manual
 * time, one thread) or real nodes on loopback (wall-clock time).
 */
interface Members extends AutoCloseable {
    /** The members' clients, logged in as {@link #names()}, in order. */
    List<ChatClient> clients();

    List<String> names();

    /** Waits for {@code future} as the network needs (running simulated time, or blocking). */
    <T> T await(CompletableFuture<T> future);

    /** The network's clock, in nanoseconds. */
    long nanoTime();

    /** Lets {@code duration} pass. */
    void pass(Duration duration);

    /** Bytes stored by every DHT node of the network (the members' own nodes too). */
    long storedBytes();

    /** A snapshot of every DHT node of the network (the members' own nodes too). */
    List<NodeSnapshot> snapshots();

    /** Datagrams sent so far by every node, or -1 where the network does not count them. */
    long datagrams();

    @Override
    void close();
}
