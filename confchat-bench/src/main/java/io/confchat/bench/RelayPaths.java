package io.confchat.bench;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.ConversationPath;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.bench.support.ResultLog;
import io.confchat.chat.ChatConfig;
import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.KademliaNodeBuilder;
import io.confchat.dht.Reachability;
import io.confchat.dht.internal.stream.NodeInternals;
import io.confchat.dht.relay.RelayLimits;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time from {@code ChatClient.open} to the first acknowledged text (issue 11), through the full
 * client on 127.0.0.1: the open (the peer's presence read from the DHT, the dial, the Noise XX
 * handshake with identity proofs, the dialer's user record checked by the accepting side) and one
 * 100-byte text until DELIVERED. Three paths:
 *
 * <ul>
 *   <li>{@code DIRECT}: both nodes public (fixed), the dialer reaches the peer's port;
 *   <li>{@code RELAYED}: both nodes private (fixed), the dialer reaches the peer through a relay
 *       where the peer holds a reservation, and the text is sent at once; a sample whose session
 *       moved to a direct connection before the acknowledgement is counted apart ({@code moved});
 *   <li>{@code UPGRADED}: the same pair, the text sent once the hole punch moved the session to a
 *       direct connection ({@link ConversationPath#DIRECT}): the offer, answer and sync ride the
 *       relayed session, then both sides dial. On loopback no NAT drops a SYN, so this measures
 *       the protocol (presence read, three signals, the punch, a second Noise handshake), not
 *       NATs.
 * </ul>
 *
 * <pre>
 * java -cp confchat-bench/target/benchmarks.jar io.confchat.bench.RelayPaths [opens per path, 30]
 * </pre>
 *
 * Six DHT servers (public nodes that store the chat records; two of them relay) and four clients on one 2-thread
 * event-loop group; bcrypt at cost 4 (login is not measured). Each open is closed (goodbye, both
 * sides' sessions end) before the next. Reports median, p90 and max per path in milliseconds and
 * appends them to {@code relay-paths.jsonl}.
 */
public final class RelayPaths {
    private static final String PASSWORD = "a long enough password";
    private static final ChatConfig CONFIG = ChatConfig.builder().bcryptCost(4).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TEXT = "x".repeat(100);
    private static final int WARM_UP = 5;
    /** DHT servers besides the clients, the first two of them relays. */
    private static final int SERVERS = 6;

    enum Path {
        DIRECT,
        RELAYED,
        UPGRADED
    }

    /**
     * Milliseconds from open to the acknowledgement, of which from the text's send to its
     * acknowledgement; how many relayed samples had moved off the relay by their ack.
     */
    record Samples(double[] millis, double[] textMillis, int moved) {}

    private RelayPaths() {}

    public static void main(String[] args) throws Exception {
        int opens = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<KademliaNode> servers = new ArrayList<>();
        List<ChatClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < SERVERS; i++) {
                KademliaNodeBuilder server = NodeInternals.eventLoopGroup(KademliaNode.builder(), group)
                        .host("127.0.0.1")
                        .port(0)
                        .reachability(Reachability.PUBLIC);
                if (i < 2) {
                    server.relay(RelayLimits.DEFAULT);
                }
                KademliaNode relay = await(ConfChat.withChatRecordRules(server).start());
                if (!servers.isEmpty()) {
                    await(relay.bootstrap(List.of(servers.get(0).localAddress())));
                }
                servers.add(relay);
            }
            InetSocketAddress seed = servers.get(0).localAddress();
            Map<String, Reachability> users = new LinkedHashMap<>();
            users.put("alice", Reachability.PUBLIC);
            users.put("bob", Reachability.PUBLIC);
            users.put("carol", Reachability.PRIVATE);
            users.put("dave", Reachability.PRIVATE);
            users.values().forEach(fixed -> clients.add(client(group, seed, fixed)));
            List<String> names = List.copyOf(users.keySet());
            for (int i = 0; i < names.size(); i++) {
                await(clients.get(i).register(names.get(i), PASSWORD));
                await(clients.get(i).login(names.get(i), PASSWORD));
            }
            ChatClient bob = clients.get(1);
            ChatClient dave = clients.get(3);
            // the private nodes reserve at the relays; presence publishes endpoint changes within 2 s
            Thread.sleep(5_000);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("date", Instant.now().toString());
            out.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
            out.put("opensPerPath", opens);
            for (Path path : Path.values()) {
                ChatClient from = path == Path.DIRECT ? bob : dave;
                String to = path == Path.DIRECT ? "alice" : "carol";
                measure(path, from, to, WARM_UP);
                Samples s = measure(path, from, to, opens);
                double[] ms = s.millis();
                Arrays.sort(ms);
                String key = path.name().toLowerCase();
                out.put(key + "MedianMs", ms[ms.length / 2]);
                out.put(key + "P90Ms", ms[(int) Math.min(ms.length - 1, Math.ceil(ms.length * 0.9) - 1)]);
                out.put(key + "MaxMs", ms[ms.length - 1]);
                double[] text = s.textMillis();
                Arrays.sort(text);
                out.put(key + "TextOnlyMedianMs", text[text.length / 2]);
                if (path == Path.RELAYED) {
                    out.put("relayedMovedBeforeAck", s.moved());
                }
            }
            ResultLog.report(
                    "relay-paths.jsonl", "[confchat-bench] RelayPaths: open to the first acknowledged text", out);
        } finally {
            clients.forEach(ChatClient::close);
            servers.forEach(KademliaNode::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** {@code n} opens of a conversation and one text each; milliseconds from open to DELIVERED. */
    private static Samples measure(Path path, ChatClient from, String to, int n) throws InterruptedException {
        double[] ms = new double[n];
        double[] textMs = new double[n];
        int moved = 0;
        ConversationPath expected = path == Path.DIRECT ? ConversationPath.DIRECT : ConversationPath.RELAYED;
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            Conversation c = await(from.open(to));
            ConversationPath opened = c.path();
            if (opened != expected) {
                throw new IllegalStateException(
                        path + " #" + i + ": the conversation opened " + opened + ", not " + expected);
            }
            if (path == Path.UPGRADED) {
                awaitPath(c, ConversationPath.DIRECT);
            }
            long sent = System.nanoTime();
            Delivery d = await(c.send(TEXT));
            long acked = System.nanoTime();
            ms[i] = (acked - start) / 1e6;
            textMs[i] = (acked - sent) / 1e6;
            if (d.state() != DeliveryState.DELIVERED) {
                throw new IllegalStateException(path + ": not delivered live: " + d.state());
            }
            if (path == Path.RELAYED && c.path() != ConversationPath.RELAYED) {
                moved++;
            }
            await(c.close());
            awaitClosed(c);
        }
        return new Samples(ms, textMs, moved);
    }

    /** Polls (1 ms apart, bounded) until the conversation's path is {@code wanted}. */
    private static void awaitPath(Conversation c, ConversationPath wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (c.path() != wanted && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        if (c.path() != wanted) {
            throw new IllegalStateException("the session did not move to " + wanted + " within " + TIMEOUT);
        }
    }

    /**
     * After a goodbye this side's session is gone at once, the peer's when the Bye arrives: the
     * next open must dial anew. Bounded wait for ours, then a pause for the peer's.
     */
    private static void awaitClosed(Conversation c) throws InterruptedException {
        awaitPath(c, ConversationPath.INBOX);
        Thread.sleep(100);
    }

    private static ChatClient client(EventLoopGroup group, InetSocketAddress seed, Reachability fixed) {
        return await(ConfChat.builder()
                .node(NodeInternals.eventLoopGroup(KademliaNode.builder(), group)
                        .host("127.0.0.1")
                        .port(0)
                        .reachability(fixed))
                .bootstrap(seed)
                .config(CONFIG)
                .start());
    }

    private static <T> T await(CompletableFuture<T> f) {
        return f.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }
}
