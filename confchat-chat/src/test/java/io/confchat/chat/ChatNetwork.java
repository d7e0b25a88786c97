package io.confchat.chat;

import io.confchat.api.chat.ChatClient;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.internal.stream.NodeInternals;
import io.confchat.dht.store.InMemoryRecordStore;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A small real network on 127.0.0.1 for integration tests: a few plain DHT nodes that store chat
 * records under the chat rules (like supernodes), and chat clients on their own nodes, all on
 * free ports and one event-loop group. Closing it stops everything.
 */
final class ChatNetwork implements AutoCloseable {
    /** Fast settings: bcrypt cost 4, presence living 3 s, inbox checked every second. */
    static final ChatConfig FAST = ChatConfig.builder()
            .bcryptCost(4)
            .presence(Duration.ofSeconds(3), Duration.ofSeconds(1))
            .inboxPollInterval(Duration.ofSeconds(1))
            .build();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<KademliaNode> servers = new ArrayList<>();
    private final List<ChatClient> clients = new ArrayList<>();
    /** The record store of every node, so tests can read (or, as an attacker, write) them directly. */
    private final Map<KademliaNode, InMemoryRecordStore> stores = new LinkedHashMap<>();

    /** Starts {@code serverCount} DHT nodes, each joined through the first. */
    ChatNetwork(int serverCount) {
        for (int i = 0; i < serverCount; i++) {
            server();
        }
    }

    /** Starts one more DHT node under the chat rules, joined through the first server. */
    KademliaNode server() {
        InMemoryRecordStore store = new InMemoryRecordStore();
        KademliaNode node = ConfChat.withChatRecordRules(NodeInternals.eventLoopGroup(KademliaNode.builder(), group)
                        .host("127.0.0.1")
                        .port(0)
                        .recordStore(store))
                .start()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        if (!servers.isEmpty()) {
            node.bootstrap(List.of(seed())).orTimeout(20, TimeUnit.SECONDS).join();
        }
        servers.add(node);
        stores.put(node, store);
        return node;
    }

    InetSocketAddress seed() {
        return servers.get(0).localAddress();
    }

    List<KademliaNode> servers() {
        return servers;
    }

    /** A chat client on a new node joined through the first server. */
    ChatClient client() {
        return client(FAST, 0);
    }

    /** A chat client with these settings on a new node on {@code port} (0: a free one). */
    ChatClient client(ChatConfig config, int port) {
        InMemoryRecordStore store = new InMemoryRecordStore();
        ChatClient c = ConfChat.builder()
                .node(NodeInternals.eventLoopGroup(KademliaNode.builder(), group)
                        .host("127.0.0.1")
                        .port(port)
                        .recordStore(store))
                .bootstrap(seed())
                .config(config)
                .start()
                .orTimeout(20, TimeUnit.SECONDS)
                .join();
        clients.add(c);
        stores.put(Internals.node(c), store);
        return c;
    }

    /** The record store of a node of this network. */
    InMemoryRecordStore store(KademliaNode node) {
        return stores.get(node);
    }

    /** The record store of every node started so far (servers and clients). */
    Map<KademliaNode, InMemoryRecordStore> stores() {
        return Map.copyOf(stores);
    }

    /** Every node of the network: servers and the clients' nodes. */
    List<KademliaNode> allNodes() {
        List<KademliaNode> all = new ArrayList<>(servers);
        for (ChatClient c : clients) {
            all.add(Internals.node(c));
        }
        return all;
    }

    @Override
    public void close() {
        clients.forEach(ChatClient::close);
        servers.forEach(KademliaNode::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
