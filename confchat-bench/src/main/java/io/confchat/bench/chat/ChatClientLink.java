package io.confchat.bench.chat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.chat.ChatConfig;
import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.internal.stream.NodeInternals;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The full client: two DHT nodes holding the chat records (like supernodes) and two {@link
 * ChatClient}s, alice and bob, each on its own node, all on 127.0.0.1 and one event-loop group.
 * Both log in and alice opens a live conversation with bob; every send is {@link
 * Conversation#send} and completes at {@link DeliveryState#DELIVERED} (bob's ack). Bob's client
 * does everything it does for a real text: records it in its conversation, checks it was not
 * shown before, tells its listeners.
 *
 * <p>Accounts use bcrypt cost 4 (setup speed only; {@code AccountBenchmark} measures bcrypt).
 */
final class ChatClientLink implements MessageLink {
    private static final String PASSWORD = "a long enough password";
    private static final ChatConfig CONFIG = ChatConfig.builder().bcryptCost(4).build();
    private static final long SETUP_SECONDS = 30;

    private final List<KademliaNode> servers = new ArrayList<>();
    private final List<ChatClient> clients = new ArrayList<>();
    private final Conversation toBob;

    ChatClientLink(EventLoopGroup group) {
        try {
            for (int i = 0; i < 2; i++) {
                KademliaNode node = ConfChat.withChatRecordRules(
                                NodeInternals.eventLoopGroup(KademliaNode.builder(), group)
                                        .host("127.0.0.1")
                                        .port(0))
                        .start()
                        .orTimeout(SETUP_SECONDS, TimeUnit.SECONDS)
                        .join();
                if (!servers.isEmpty()) {
                    node.bootstrap(List.of(servers.get(0).localAddress()))
                            .orTimeout(SETUP_SECONDS, TimeUnit.SECONDS)
                            .join();
                }
                servers.add(node);
            }
            ChatClient alice = client(group, servers.get(0).localAddress());
            ChatClient bob = client(group, servers.get(0).localAddress());
            await(alice.register("alice", PASSWORD));
            await(bob.register("bob", PASSWORD));
            await(alice.login("alice", PASSWORD));
            await(bob.login("bob", PASSWORD));
            toBob = await(alice.open("bob"));
            if (!toBob.isLive()) {
                throw new IllegalStateException("the conversation with bob did not go live");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private ChatClient client(EventLoopGroup group, InetSocketAddress seed) {
        ChatClient c = ConfChat.builder()
                .node(NodeInternals.eventLoopGroup(KademliaNode.builder(), group)
                        .host("127.0.0.1")
                        .port(0))
                .bootstrap(seed)
                .config(CONFIG)
                .start()
                .orTimeout(SETUP_SECONDS, TimeUnit.SECONDS)
                .join();
        clients.add(c);
        return c;
    }

    private static <T> T await(CompletableFuture<T> f) {
        return f.orTimeout(SETUP_SECONDS, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletableFuture<Delivery> send() {
        return toBob.send(TEXT);
    }

    @Override
    public boolean delivered(Object result) {
        return result instanceof Delivery d && d.state() == DeliveryState.DELIVERED;
    }

    @Override
    public String describe() {
        return "client: ChatClient alice -> bob, Conversation.send until DELIVERED";
    }

    @Override
    public void close() {
        // closing saves each conversation's history to the DHT; a client waits at most 5 s for it
        clients.forEach(ChatClient::close);
        servers.forEach(KademliaNode::close);
    }
}
