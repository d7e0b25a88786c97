package io.confchat.bench.group;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.chat.ChatConfig;
import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.NodeSnapshot;
import io.confchat.dht.internal.stream.NodeInternals;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Members on real nodes on {@code 127.0.0.1} in one JVM, sharing one netty event-loop group:
 * {@code supernodes} DHT nodes (node 0 starts the network) and one node per member, all joined
 * before the members register, each client as {@code ConfChat.clientOn} builds it. Wall-clock time.
 */
final class LoopbackMembers implements Members {
    private static final long LIMIT_SECONDS = 120;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<KademliaNode> nodes = new ArrayList<>();
    private final List<ChatClient> clients = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    LoopbackMembers(int supernodes, int members, Function<String, ChatListener> listeners) {
        for (int i = 0; i < supernodes + members; i++) {
            node();
        }
        // every node joined before anyone registers: a name registered while a hundred nodes join
        // after it can miss its new closest replicas until replication moves it (see BENCHMARKS)
        ChatConfig config =
                ChatConfig.builder().bcryptCost(ChatConfig.MIN_BCRYPT_COST).build();
        for (int i = 0; i < members; i++) {
            ChatClient client = ConfChat.clientOn(nodes.get(supernodes + i), config);
            String name = GroupFanOut.name(i);
            client.addListener(listeners.apply(name));
            await(client.register(name, GroupFanOut.PASSWORD));
            await(client.login(name, GroupFanOut.PASSWORD));
            clients.add(client);
            names.add(name);
        }
        System.err.println("after registering: " + holders());
    }

    /**
     * How many nodes hold each member's user record (min / median / max), and how many of the
     * 20 nodes closest to the name's key do: a name's readers count the replicas that vouch for it.
     */
    String holders() {
        int[] all = new int[names.size()];
        int[] closest = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            io.confchat.api.DhtKey key = io.confchat.chat.internal.records.RecordKeys.user(names.get(i));
            List<KademliaNode> byDistance = new ArrayList<>(nodes);
            byDistance.sort(java.util.Comparator.comparing(
                    n -> new java.math.BigInteger(1, xor(n.localId().bytes(), key.bytes()))));
            for (int j = 0; j < byDistance.size(); j++) {
                if (!byDistance.get(j).storedRecords(key).isEmpty()) {
                    all[i]++;
                    if (j < 20) {
                        closest[i]++;
                    }
                }
            }
        }
        java.util.Arrays.sort(all);
        java.util.Arrays.sort(closest);
        return String.format(
                java.util.Locale.ROOT,
                "user records held by %d / %d / %d nodes (of them among the name's 20 closest: %d / %d / %d)",
                all[0],
                all[all.length / 2],
                all[all.length - 1],
                closest[0],
                closest[closest.length / 2],
                closest[closest.length - 1]);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    private KademliaNode node() {
        KademliaNode node =
                await(ConfChat.withChatRecordRules(NodeInternals.eventLoopGroup(KademliaNode.builder(), group)
                                .host("127.0.0.1")
                                .port(0))
                        .start());
        if (!nodes.isEmpty()) {
            await(node.bootstrap(List.of(nodes.get(0).localAddress())));
        }
        nodes.add(node);
        return node;
    }

    @Override
    public List<ChatClient> clients() {
        return clients;
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public <T> T await(CompletableFuture<T> future) {
        return future.orTimeout(LIMIT_SECONDS, TimeUnit.SECONDS).join();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void pass(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public long storedBytes() {
        return nodes.stream().mapToLong(n -> n.snapshot().storedBytes()).sum();
    }

    @Override
    public List<NodeSnapshot> snapshots() {
        return nodes.stream().map(KademliaNode::snapshot).toList();
    }

    @Override
    public long datagrams() {
        return -1;
    }

    @Override
    public void close() {
        clients.forEach(ChatClient::close);
        nodes.forEach(KademliaNode::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
