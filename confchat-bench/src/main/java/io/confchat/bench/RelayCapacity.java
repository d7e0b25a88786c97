package io.confchat.bench;

import io.confchat.bench.support.ResultLog;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.Reachability;
import io.confchat.dht.internal.netty.InboundLimits;
import io.confchat.dht.internal.netty.NettyTransport;
import io.confchat.dht.internal.stream.NodeInternals;
import io.confchat.dht.relay.RelayLimits;
import io.confchat.dht.relay.RelayedEndpoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many circuits one relay on two event-loop threads holds at once (issue 11): {@value
 * #TARGETS} private nodes reserve at it, one dialer opens circuits to them round-robin (an echo
 * protocol through each) in steps, and after each step every open circuit sends one 16-byte frame
 * and times its echo. Reported per step: circuits open, failures, echo p50/p99 over all circuits
 * (sent 1 ms apart), the relay threads' CPU while the circuits idle and per frame of the echo
 * round (unbatched: one 16-byte frame per read), and the heap (after a full GC) each step's
 * circuits added, per circuit (both ends included). The relay's caps and connection limits are raised past the steps (its defaults
 * allow 512 circuits and 1,024 connections), so what is measured is what the machine holds. All in
 * one JVM on 127.0.0.1: each circuit is four sockets here (two at the relay), so the process's
 * file limit ({@code ulimit -n}) caps the steps at about a quarter of it, and the ends share the
 * machine's cores with the relay.
 *
 * <pre>
 * java -cp confchat-bench/target/benchmarks.jar io.confchat.bench.RelayCapacity [step,step,...]
 * </pre>
 */
public final class RelayCapacity {
    static final int TARGETS = 40;
    private static final String ECHO = "/bench/echo/1";
    private static final String RELAY_THREAD = "bench-relay";
    private static final long SETUP_SECONDS = 60;
    private static final Duration IDLE = Duration.ofSeconds(10);

    private RelayCapacity() {}

    public static void main(String[] args) throws Exception {
        int[] steps = Arrays.stream((args.length > 0 ? args[0] : "500,1000,2000,4000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        EventLoopGroup relayGroup =
                new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory(RELAY_THREAD), NioIoHandler.newFactory());
        EventLoopGroup ends = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        InboundLimits wide = new InboundLimits(Duration.ofSeconds(10), 256, 4096, 200_000, 200_000);
        RelayLimits roomy = RelayLimits.builder()
                .reservations(4096, 4096)
                .circuits(200_000, 200_000)
                .circuitLimits(Duration.ofHours(1), 0)
                .acceptTimeout(Duration.ofSeconds(30))
                .build();
        List<KademliaNode> nodes = new ArrayList<>();
        List<Channel> circuits = new ArrayList<>();
        try {
            KademliaNode relay = NodeInternals.transport(
                            KademliaNode.builder(),
                            registry -> new NettyTransport("127.0.0.1", 0, relayGroup, registry, wide))
                    .relay(roomy)
                    .start()
                    .orTimeout(SETUP_SECONDS, TimeUnit.SECONDS)
                    .join();
            nodes.add(relay);
            List<RelayedEndpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < TARGETS; i++) {
                KademliaNode target = NodeInternals.eventLoopGroup(KademliaNode.builder(), ends)
                        .host("127.0.0.1")
                        .port(0)
                        .reachability(Reachability.PRIVATE)
                        .start()
                        .orTimeout(SETUP_SECONDS, TimeUnit.SECONDS)
                        .join();
                nodes.add(target);
                NodeInternals.streams(target).register(ECHO, ch -> ch.pipeline().addLast(new Echo()));
                target.bootstrap(List.of(relay.localAddress()))
                        .orTimeout(SETUP_SECONDS, TimeUnit.SECONDS)
                        .join();
                endpoints.add(new RelayedEndpoint(relay.localAddress(), target.localId()));
            }
            KademliaNode dialer = NodeInternals.eventLoopGroup(KademliaNode.builder(), ends)
                    .host("127.0.0.1")
                    .port(0)
                    .start()
                    .orTimeout(SETUP_SECONDS, TimeUnit.SECONDS)
                    .join();
            nodes.add(dialer);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETUP_SECONDS);
            while (nodes.subList(1, TARGETS + 1).stream()
                            .anyMatch(n -> n.relayedEndpoints().isEmpty())
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Map<Channel, Long> sentAt = new ConcurrentHashMap<>();
            List<Long> rtts = Collections.synchronizedList(new ArrayList<>());
            System.gc();
            long heapBefore =
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            int openBefore = 0;
            for (int step : steps) {
                AtomicInteger failed = new AtomicInteger();
                Semaphore inFlight = new Semaphore(64);
                List<CompletableFuture<Void>> opening = new ArrayList<>();
                long openStart = System.nanoTime();
                for (int i = circuits.size(); i < step; i++) {
                    inFlight.acquire();
                    RelayedEndpoint to = endpoints.get(i % TARGETS);
                    opening.add(NodeInternals.streams(dialer)
                            .openRelayed(to, ECHO)
                            .handle((ch, error) -> {
                                inFlight.release();
                                if (error != null) {
                                    failed.incrementAndGet();
                                } else {
                                    ch.pipeline().addLast(new Timer(sentAt, rtts));
                                    synchronized (circuits) {
                                        circuits.add(ch);
                                    }
                                }
                                return null;
                            }));
                }
                CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new))
                        .get(5, TimeUnit.MINUTES);
                double openSeconds = (System.nanoTime() - openStart) / 1e9;
                long cpuBefore = relayCpu();
                Thread.sleep(IDLE.toMillis());
                double idleCores = (relayCpu() - cpuBefore) / (double) IDLE.toNanos();
                rtts.clear();
                List<Channel> open = circuits.stream().filter(Channel::isActive).toList();
                long echoCpuBefore = relayCpu();
                for (Channel ch : open) {
                    sentAt.put(ch, System.nanoTime());
                    ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[16]));
                    Thread.sleep(1); // one circuit at a time: the echo times are not a queue's
                }
                long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (rtts.size() < open.size() && System.nanoTime() < waitUntil) {
                    Thread.sleep(20);
                }
                // the round's relay CPU, idle time included (measured above per second)
                long echoCpu = relayCpu() - echoCpuBefore;
                long[] sorted =
                        rtts.stream().mapToLong(Long::longValue).sorted().toArray();
                System.gc();
                long heap =
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("date", Instant.now().toString());
                out.put("circuitsAsked", step);
                out.put("circuitsOpen", open.size());
                out.put("openFailures", failed.get());
                out.put("openSecondsThisStep", openSeconds);
                out.put("echoes", sorted.length);
                out.put("echoP50Ms", sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2] / 1e6);
                out.put("echoP99Ms", sorted.length == 0 ? Double.NaN : sorted[(int) (sorted.length * 0.99)] / 1e6);
                out.put("relayCoresBusyIdle", idleCores);
                // each echo is two frames through the relay, each its own read and write there
                out.put("relayCpuMicrosPerFrame", rtts.isEmpty() ? Double.NaN : echoCpu / 1e3 / (2.0 * rtts.size()));
                out.put("heapMiB", heap >> 20);
                // both ends live in this JVM too: the heap the step's circuits added, per circuit
                out.put(
                        "heapKiBPerAddedCircuit",
                        open.size() == openBefore
                                ? Double.NaN
                                : (heap - heapBefore) / 1024.0 / (open.size() - openBefore));
                heapBefore = heap;
                openBefore = open.size();
                ResultLog.report("relay-capacity.jsonl", "[confchat-bench] RelayCapacity step " + step, out);
            }
        } finally {
            circuits.forEach(Channel::close);
            nodes.forEach(KademliaNode::close);
            ends.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            relayGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static long relayCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(RELAY_THREAD)) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    /** The target's end: echoes every frame. */
    private static final class Echo extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            ctx.writeAndFlush(frame.retain());
        }
    }

    /** The dialer's end: times each echo. */
    private static final class Timer extends SimpleChannelInboundHandler<ByteBuf> {
        private final Map<Channel, Long> sentAt;
        private final List<Long> rtts;

        Timer(Map<Channel, Long> sentAt, List<Long> rtts) {
            this.sentAt = sentAt;
            this.rtts = rtts;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            Long at = sentAt.remove(ctx.channel());
            if (at != null) {
                rtts.add(System.nanoTime() - at);
            }
        }
    }
}
