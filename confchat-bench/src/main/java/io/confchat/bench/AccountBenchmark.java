package io.confchat.bench;

import io.confchat.api.chat.ChatClient;
import io.confchat.chat.ChatConfig;
import io.confchat.chat.ConfChat;
import io.confchat.chat.internal.crypto.PasswordKdf;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.internal.stream.NodeInternals;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Register and login time of a chat client, and the bcrypt key derivation that dominates both, at
 * bcrypt cost {@code bcryptCost} (12 is the default of {@link ChatConfig}).
 *
 * <p>A network of two DHT nodes and one client on 127.0.0.1. {@link #register} registers a fresh
 * username (a DHT get, one bcrypt, key generation, signing, the puts of the user record and the
 * directory entry); {@link #login} logs one user in again and again (a logout, a DHT get, one
 * bcrypt, opening the key blob, publishing presence, refreshing the user record, an inbox fetch);
 * {@link #bcrypt} is {@code PasswordKdf.deriveKey} alone.
 */
@State(Scope.Benchmark)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Djava.net.preferIPv4Stack=true"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AccountBenchmark {
    private static final String PASSWORD = "a long enough password";
    private static final long TIMEOUT_SECONDS = 60;

    /** bcrypt cost of the accounts (2^cost rounds). */
    @Param({"12"})
    public int bcryptCost;

    private EventLoopGroup group;
    private final List<KademliaNode> servers = new ArrayList<>();
    private ChatClient client;
    private String salt;
    private String prefix;
    private long registered;

    @Setup(Level.Trial)
    public void start() {
        SecureRandom random = new SecureRandom();
        prefix = "u" + HexFormat.of().toHexDigits(random.nextInt());
        salt = PasswordKdf.newSalt(bcryptCost, random);
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        for (int i = 0; i < 2; i++) {
            KademliaNode node = ConfChat.withChatRecordRules(NodeInternals.eventLoopGroup(KademliaNode.builder(), group)
                            .host("127.0.0.1")
                            .port(0))
                    .start()
                    .join();
            if (!servers.isEmpty()) {
                node.bootstrap(List.of(servers.get(0).localAddress())).join();
            }
            servers.add(node);
        }
        client = ConfChat.builder()
                .node(NodeInternals.eventLoopGroup(KademliaNode.builder(), group)
                        .host("127.0.0.1")
                        .port(0))
                .bootstrap(servers.get(0).localAddress())
                .config(ChatConfig.builder().bcryptCost(bcryptCost).build())
                .start()
                .join();
        await(client.register(prefix + "-login", PASSWORD));
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        servers.forEach(KademliaNode::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Registers a new user. */
    @Benchmark
    public void register() {
        await(client.register(prefix + "-" + registered++, PASSWORD));
    }

    /** Logs the same user in again (login logs out first). */
    @Benchmark
    public void login() {
        await(client.login(prefix + "-login", PASSWORD));
    }

    /** The password key derivation alone: bcrypt, then HKDF. */
    @Benchmark
    public byte[] bcrypt() {
        return PasswordKdf.deriveKey(PASSWORD, salt);
    }

    private static <T> T await(CompletableFuture<T> f) {
        return f.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
    }
}
