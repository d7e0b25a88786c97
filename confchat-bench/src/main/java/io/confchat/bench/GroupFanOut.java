package io.confchat.bench;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.bench.support.ProcessCpu;
import io.confchat.bench.support.SimulatedDht;
import io.confchat.chat.ChatConfig;
import io.confchat.chat.internal.sim.ClientWiring;
import io.confchat.chat.internal.sim.SimulatedStreams;
import io.confchat.dht.DhtConfig;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.internal.sim.SeededRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A group of 100 members on the simulated network (manual time, one thread, every packet and
 * session byte encoded, encrypted and checked as on real sockets): how long a message takes to
 * reach the last member, what a message costs, and what a removal costs. Not a JMH benchmark: one
 * pass that prints one summary block.
 *
 * <pre>
 * java -cp confchat-bench/target/benchmarks.jar io.confchat.bench.GroupFanOut [members [messages [seed]]]
 * </pre>
 *
 * <p>{@value #SUPERNODES} DHT nodes and one node per member (as in production, each client runs a
 * DHT node); every member logs in, the first creates the group with all others, and they join.
 * Then the first member sends {@code messages} texts of 100 bytes, one at a time, each once every
 * other member had the previous one. Reported:
 *
 * <ul>
 *   <li>{@code fanOut*}: simulated time from {@code sendToGroup} to the last member's {@code
 *       onGroupMessage} (median, p95, max), and to the sender's delivery future;
 *   <li>{@code cpuMicrosPerMessage}: process CPU per message, the sender's and all receivers' work
 *       together (one thread runs everything), and the same divided by the members;
 *   <li>{@code dhtBytesPerMessage}: bytes stored by all DHT nodes, after minus before, per message
 *       (the one copy on its replicas), and {@code datagramsPerMessage};
 *   <li>{@code removal*}: the first member removes the last one; simulated time and process CPU
 *       until the next message of the first member reached every remaining member (each of them
 *       accepted the new epoch and the sender's new chain), and the datagrams the removal cost.
 * </ul>
 */
public final class GroupFanOut {
    static final int SUPERNODES = 20;
    private static final String PASSWORD = "a long enough password";
    private static final String TEXT = "0123456789".repeat(10);
    private static final Duration LIMIT = Duration.ofMinutes(10);

    private final SimulatedDht dht;
    private final SimulatedStreams streams;
    private final List<ChatClient> clients = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    /** For each message id, the members who were shown it. */
    private final Map<MessageId, List<String>> shown = new ConcurrentHashMap<>();

    private final Map<String, Long> lastShownAt = new HashMap<>();

    private GroupFanOut(long seed) {
        dht = new SimulatedDht(seed, DhtConfig.defaults());
        streams = new SimulatedStreams(dht.scheduler(), seed + 1);
    }

    public static void main(String[] args) {
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Map<String, Object> out = new GroupFanOut(seed).run(members, messages, new Random(seed));
        out.forEach((k, v) -> System.out.printf(Locale.ROOT, "%s %s%n", k, v));
        System.exit(0);
    }

    private Map<String, Object> run(int members, int messages, Random random) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("members", members);
        dht.join(SUPERNODES, random);
        ChatConfig config =
                ChatConfig.builder().bcryptCost(ChatConfig.MIN_BCRYPT_COST).build();
        for (int i = 0; i < members; i++) {
            dht.join(1, random);
            KademliaNode node = dht.nodes().get(dht.nodes().size() - 1);
            ChatClient client = ClientWiring.simulatedClient(
                    node,
                    dht.scheduler(),
                    config,
                    streams.transport(node.localAddress()),
                    SeededRandom.of(random.nextLong()));
            String name = String.format(Locale.ROOT, "member%03d", i);
            client.addListener(listener(name));
            await(client.register(name, PASSWORD));
            await(client.login(name, PASSWORD));
            clients.add(client);
            names.add(name);
        }
        ChatClient creator = clients.get(0);
        long setup0 = dht.scheduler().nanoTime();
        GroupInfo group = await(creator.createGroup("bench", names.subList(1, names.size())));
        for (ChatClient member : clients.subList(1, clients.size())) {
            awaitInvitation(member, group);
            await(member.joinGroup(group.id()));
        }
        out.put("setupSimulatedSeconds", seconds(dht.scheduler().nanoTime() - setup0));
        for (int i = 0; i < 3; i++) {
            sendAndAwaitAll(creator, group, names.subList(1, names.size())); // warm-up
        }

        long bytes0 = storedBytes();
        long datagrams0 = dht.network().datagramsSent();
        long cpu0 = ProcessCpu.nanos();
        long[] toLast = new long[messages];
        long[] toFuture = new long[messages];
        for (int i = 0; i < messages; i++) {
            long[] times = sendAndAwaitAll(creator, group, names.subList(1, names.size()));
            toFuture[i] = times[0];
            toLast[i] = times[1];
        }
        long cpu = ProcessCpu.nanos() - cpu0;
        out.put("messages", messages);
        out.put("fanOutToLastMemberMillisMedian", millis(percentile(toLast, 50)));
        out.put("fanOutToLastMemberMillisP95", millis(percentile(toLast, 95)));
        out.put("fanOutToLastMemberMillisMax", millis(percentile(toLast, 100)));
        out.put("sendFutureMillisMedian", millis(percentile(toFuture, 50)));
        out.put("cpuMicrosPerMessage", cpu / 1e3 / messages);
        out.put("cpuMicrosPerMessagePerMember", cpu / 1e3 / messages / members);
        out.put("dhtBytesPerMessage", (double) (storedBytes() - bytes0) / messages);
        out.put("datagramsPerMessage", (double) (dht.network().datagramsSent() - datagrams0) / messages);

        long removal0 = dht.scheduler().nanoTime();
        long removalCpu0 = ProcessCpu.nanos();
        long removalDatagrams0 = dht.network().datagramsSent();
        String removed = names.get(names.size() - 1);
        await(creator.removeFromGroup(group.id(), removed));
        long removeCall = dht.scheduler().nanoTime() - removal0;
        List<String> remaining = names.subList(1, names.size() - 1);
        sendAndAwaitAll(creator, group, remaining);
        out.put("removalCallMillis", millis(removeCall));
        out.put("removalToNextMessageEverywhereMillis", millis(dht.scheduler().nanoTime() - removal0));
        out.put("removalCpuMillis", (ProcessCpu.nanos() - removalCpu0) / 1e6);
        out.put("removalDatagrams", dht.network().datagramsSent() - removalDatagrams0);
        out.put("removedMemberShownAfter", lastShownAt.getOrDefault(removed, 0L) > removal0);
        return out;
    }

    /** Sends one text and runs the network until every one of {@code readers} was shown it. */
    private long[] sendAndAwaitAll(ChatClient sender, GroupInfo group, List<String> readers) {
        long start = dht.scheduler().nanoTime();
        CompletableFuture<GroupDelivery> sent = sender.sendToGroup(group.id(), TEXT);
        GroupDelivery d = await(sent);
        long future = dht.scheduler().nanoTime() - start;
        MessageId id = d.message().id();
        long deadline = start + LIMIT.toNanos();
        while (!shown.getOrDefault(id, List.of()).containsAll(readers)) {
            if (dht.scheduler().nanoTime() > deadline) {
                List<String> missing = new ArrayList<>(readers);
                missing.removeAll(shown.getOrDefault(id, List.of()));
                throw new IllegalStateException(missing.size() + " members never got " + id + ": " + missing);
            }
            dht.scheduler().advance(Duration.ofMillis(1));
        }
        return new long[] {future, dht.scheduler().nanoTime() - start};
    }

    private ChatListener listener(String name) {
        return new ChatListener() {
            @Override
            public void onGroupMessage(GroupMessage m) {
                shown.computeIfAbsent(m.id(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add(name);
                lastShownAt.put(name, dht.scheduler().nanoTime());
            }
        };
    }

    private void awaitInvitation(ChatClient member, GroupInfo group) {
        long deadline = dht.scheduler().nanoTime() + LIMIT.toNanos();
        while (await(member.groups()).stream().noneMatch(g -> g.id().equals(group.id()))) {
            if (dht.scheduler().nanoTime() > deadline) {
                throw new IllegalStateException(member.currentUser() + " got no invitation");
            }
            dht.scheduler().advance(Duration.ofMillis(100));
        }
    }

    private long storedBytes() {
        return dht.nodes().stream().mapToLong(n -> n.snapshot().storedBytes()).sum();
    }

    private <T> T await(CompletableFuture<T> future) {
        return dht.scheduler().await(future, LIMIT);
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
