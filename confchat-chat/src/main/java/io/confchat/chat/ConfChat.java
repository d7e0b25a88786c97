package io.confchat.chat;

import io.confchat.api.chat.ChatClient;
import io.confchat.chat.internal.records.ChatValidators;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.KademliaNodeBuilder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The front door of the chat layer.
 *
 * <pre>{@code
 * ChatClient client = ConfChat.builder()
 *         .node(KademliaNode.builder().host("127.0.0.1").port(0))
 *         .bootstrap(new InetSocketAddress("127.0.0.1", 4000))
 *         .start()
 *         .join();
 * client.login("alice", password).join();
 * }</pre>
 *
 * A builder is used once; each setting may be given once. Not thread-safe (the client it builds
 * is).
 */
public final class ConfChat {
    private KademliaNodeBuilder node;
    private final List<InetSocketAddress> seeds = new ArrayList<>();
    private ChatConfig config;
    private boolean started;

    private ConfChat() {}

    public static ConfChat builder() {
        return new ConfChat();
    }

    /**
     * Registers the chat layer's record rules on a node that only serves the DHT (a supernode),
     * so it stores chat records under the same rules as every chat client's node.
     */
    public static KademliaNodeBuilder withChatRecordRules(KademliaNodeBuilder node) {
        ChatValidators.all().forEach(node::validator);
        return node;
    }

    /**
     * A client on a node that is already running, e.g. to register accounts from a supernode.
     * The node must have been built {@link #withChatRecordRules with the chat record rules}; the
     * client takes it over and closes it when the client closes.
     */
    public static ChatClient clientOn(KademliaNode node, ChatConfig config) {
        return new DhtChatClient(Objects.requireNonNull(node, "node"), Objects.requireNonNull(config, "config"));
    }

    /** The node to run on (its port, data directory, ...); a default node on 127.0.0.1 otherwise. */
    public ConfChat node(KademliaNodeBuilder node) {
        if (this.node != null) {
            throw new IllegalStateException("node is already set");
        }
        this.node = Objects.requireNonNull(node, "node");
        return this;
    }

    /** Nodes to join the network through; none for the first node of a network. */
    public ConfChat bootstrap(InetSocketAddress... seeds) {
        this.seeds.addAll(List.of(seeds));
        return this;
    }

    public ConfChat config(ChatConfig config) {
        if (this.config != null) {
            throw new IllegalStateException("config is already set");
        }
        this.config = Objects.requireNonNull(config, "config");
        return this;
    }

    /**
     * Starts the node, joins the network through the bootstrap nodes, and returns the client.
     *
     * @return fails with {@link io.confchat.api.BootstrapException} if no bootstrap node answered
     */
    public CompletableFuture<ChatClient> start() {
        if (started) {
            throw new IllegalStateException("this builder has already started a client");
        }
        started = true;
        KademliaNodeBuilder nodeBuilder = withChatRecordRules(node != null ? node : KademliaNode.builder());
        ChatConfig cfg = config != null ? config : ChatConfig.defaults();
        return nodeBuilder.start().thenCompose(kademlia -> {
            CompletableFuture<Void> joined =
                    seeds.isEmpty() ? CompletableFuture.completedFuture(null) : kademlia.bootstrap(List.copyOf(seeds));
            return joined.handle((ok, error) -> {
                if (error != null) {
                    kademlia.close();
                    throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
                }
                return (ChatClient) new DhtChatClient(kademlia, cfg);
            });
        });
    }
}
