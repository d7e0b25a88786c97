package io.confchat.bench.group;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.bench.support.ProcessCpu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A group of 100 members: how long a message takes to reach the last member, what a message costs,
 * and what a removal costs, on the simulated network or on real nodes on loopback. Not a JMH
 * benchmark: one pass that prints one summary block.
 *
 * <pre>
 * java -cp confchat-bench/target/benchmarks.jar io.confchat.bench.group.GroupFanOut \
 *     [simulated|loopback [members [messages [seed]]]]
 * </pre>
 *
 * <p>{@value #SUPERNODES} DHT nodes and one node per member (each client runs a DHT node, as in
 * production); every member logs in, the first creates the group with all others, and they join.
 * Then the first member sends {@code messages} texts of 100 bytes, one at a time, each once every
 * other member was shown the previous one. Reported:
 *
 * <ul>
 *   <li>{@code fanOut*}: time from {@code sendToGroup} to the last member's {@code onGroupMessage}
 *       (median, p95, max), and to the sender's delivery future (simulated time on the simulated
 *       network, wall-clock time on loopback);
 *   <li>{@code cpuMicrosPerMessage}: process CPU per message: the sender's, every receiver's and
 *       the DHT nodes' work together (the members share one JVM), also divided by the members;
 *   <li>{@code dhtBytesPerMessage}: bytes stored by all DHT nodes, after minus before, per message
 *       (the one copy on its replicas), and {@code datagramsPerMessage} on the simulated network;
 *   <li>{@code requestsPerMessage}: DHT requests every node sent, per kind and message (a STORE
 *       too large for a datagram goes over a stream, which the datagram count misses), and {@code
 *       quotaRefusalsPerMessage}: records the nodes refused for a full quota meanwhile. Everything
 *       the 100 clients and the DHT nodes do while the messages flow counts, not the messages alone;
 *   <li>{@code removal*}: the first member removes the last one; the time the call takes, then the
 *       time and process CPU until the first member's next message reached every remaining member
 *       (each accepted the new epoch and the sender's new chain), and the datagrams, the requests
 *       per kind and the quota refusals meanwhile; for that next message alone, the time from its
 *       send to the median and the last member, and how many members were shown it from the DHT
 *       (a catch-up) rather than live.
 * </ul>
 *
 * <p>Progress goes to stderr: the group's creation, every tenth join, each message, and every 30 s
 * of a long wait who is still missing, the sender's delivery state for each of them ({@code
 * QUEUED}: not acknowledged live), the sessions the first of them saw open and close with the
 * sender and, on loopback, how many nodes hold the members' user records (all of the 20 closest
 * hold each after registering). The message figures are printed before the removal starts, the
 * removal's after it (before the members close).
 */
public final class GroupFanOut {
    static final String PASSWORD = "a long enough password";
    static final int SUPERNODES = 20;
    private static final String TEXT = "0123456789".repeat(10);
    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final int WARM_UP = 3;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    /** For each message id, the members who were shown it. */
    private final Map<MessageId, Set<String>> shown = new ConcurrentHashMap<>();
    /** For each message id, the members who were shown it from a catch-up (the DHT), not live. */
    private final Map<MessageId, Set<String>> caughtUp = new ConcurrentHashMap<>();

    private final Map<String, Long> lastShownAt = new ConcurrentHashMap<>();
    private Members members;
    /** Messages sent so far (for the progress lines). */
    private int sent;

    private volatile MessageId lastSent;
    /** Sessions each member saw open and close, with whom (for the progress lines of a long wait). */
    private final Map<String, List<String>> sessionEvents = new ConcurrentHashMap<>();

    private GroupFanOut() {}

    /**
     * The name of member {@code i}: its first three letters differ from every other member's, so
     * each name has a directory page of its own (on loopback every member registers from one
     * address, and a page takes only so much from one source: the flood protection at work).
     */
    static String name(int i) {
        String letters = "abcdefghijklmnopqrstuvwxyz";
        return "" + letters.charAt(i % 26) + letters.charAt(i / 26 % 26) + "m" + String.format(Locale.ROOT, "%03d", i);
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "simulated";
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        GroupFanOut run = new GroupFanOut();
        run.members = switch (mode) {
            case "simulated" -> new SimulatedMembers(SUPERNODES, size, seed, run::listener);
            case "loopback" -> new LoopbackMembers(SUPERNODES, size, run::listener);
            default -> throw new IllegalArgumentException("mode is simulated or loopback, not " + mode);
        };
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", mode);
        out.put("members", size);
        try (Members m = run.members) {
            run.measure(messages, out);
            // before the close, which logs the clients out one after the other (minutes on loopback)
            out.forEach((k, v) -> System.out.printf(Locale.ROOT, "%s %s%n", k, v));
            System.out.flush();
        }
        System.exit(0);
    }

    private void measure(int messages, Map<String, Object> out) {
        List<ChatClient> clients = members.clients();
        List<String> names = members.names();
        ChatClient creator = clients.get(0);
        long setup0 = members.nanoTime();
        GroupInfo group = members.await(creator.createGroup("bench", names.subList(1, names.size())));
        progress("group created after %.1f s", (members.nanoTime() - setup0) / 1e9);
        int joined = 0;
        for (ChatClient member : clients.subList(1, clients.size())) {
            awaitInvitation(member, group);
            members.await(member.joinGroup(group.id()));
            if (++joined % 10 == 0) {
                progress("%d members joined after %.1f s", joined, (members.nanoTime() - setup0) / 1e9);
            }
        }
        out.put("setupSeconds", (members.nanoTime() - setup0) / 1e9);
        progress("%d members joined after %.1f s", clients.size() - 1, (members.nanoTime() - setup0) / 1e9);
        List<String> readers = names.subList(1, names.size());
        for (int i = 0; i < WARM_UP; i++) {
            sendAndAwaitAll(creator, group, readers);
        }

        long bytes0 = members.storedBytes();
        long datagrams0 = members.datagrams();
        NodeTraffic traffic0 = NodeTraffic.of(members.snapshots());
        long cpu0 = ProcessCpu.nanos();
        long[] toLast = new long[messages];
        long[] toFuture = new long[messages];
        for (int i = 0; i < messages; i++) {
            long[] times = sendAndAwaitAll(creator, group, readers);
            toFuture[i] = times[0];
            toLast[i] = times[1];
        }
        long cpu = ProcessCpu.nanos() - cpu0;
        out.put("messages", messages);
        out.put("fanOutToLastMemberMillisMedian", percentile(toLast, 50) / 1e6);
        out.put("fanOutToLastMemberMillisP95", percentile(toLast, 95) / 1e6);
        out.put("fanOutToLastMemberMillisMax", percentile(toLast, 100) / 1e6);
        out.put("sendFutureMillisMedian", percentile(toFuture, 50) / 1e6);
        out.put("cpuMicrosPerMessage", cpu / 1e3 / messages);
        out.put("cpuMicrosPerMessagePerMember", cpu / 1e3 / messages / names.size());
        out.put("dhtBytesPerMessage", (double) (members.storedBytes() - bytes0) / messages);
        if (datagrams0 >= 0) {
            out.put("datagramsPerMessage", (double) (members.datagrams() - datagrams0) / messages);
        }
        NodeTraffic traffic = NodeTraffic.of(members.snapshots()).since(traffic0);
        out.put("requestsPerMessage", traffic.requestsPer(messages));
        out.put("quotaRefusalsPerMessage", (double) traffic.quotaRefusals() / messages);

        // the message figures first: a removal that stalls (it throws after LIMIT) does not lose them
        out.forEach((k, v) -> System.out.printf(Locale.ROOT, "%s %s%n", k, v));
        out.clear();
        System.out.flush();

        long removal0 = members.nanoTime();
        long removalCpu0 = ProcessCpu.nanos();
        long removalDatagrams0 = members.datagrams();
        NodeTraffic removalTraffic0 = NodeTraffic.of(members.snapshots());
        String removed = names.get(names.size() - 1);
        members.await(creator.removeFromGroup(group.id(), removed));
        out.put("removalCallMillis", (members.nanoTime() - removal0) / 1e6);
        long[] next = sendAndAwaitAll(creator, group, names.subList(1, names.size() - 1));
        out.put("removalToNextMessageEverywhereMillis", (members.nanoTime() - removal0) / 1e6);
        out.put("removalNextMessageToMedianMemberMillis", next[2] / 1e6);
        out.put("removalNextMessageToLastMemberMillis", next[1] / 1e6);
        out.put(
                "removalNextMessageShownFromTheDht",
                caughtUp.getOrDefault(lastSent, Set.of()).size());
        out.put("removalCpuMillis", (ProcessCpu.nanos() - removalCpu0) / 1e6);
        if (removalDatagrams0 >= 0) {
            out.put("removalDatagrams", members.datagrams() - removalDatagrams0);
        }
        NodeTraffic removalTraffic = NodeTraffic.of(members.snapshots()).since(removalTraffic0);
        out.put("removalRequests", removalTraffic.requestsPer(1));
        out.put("removalQuotaRefusals", removalTraffic.quotaRefusals());
        out.put("removedMemberShownAnythingAfter", lastShownAt.getOrDefault(removed, 0L) > removal0);
    }

    /** Sends one text and waits until every one of {@code readers} was shown it. */
    private long[] sendAndAwaitAll(ChatClient sender, GroupInfo group, List<String> readers) {
        long start = members.nanoTime();
        GroupDelivery d = members.await(sender.sendToGroup(group.id(), TEXT));
        long future = members.nanoTime() - start;
        MessageId id = d.message().id();
        lastSent = id;
        long deadline = start + LIMIT.toNanos();
        long report = start + PROGRESS_EVERY.toNanos();
        while (!shown.getOrDefault(id, Set.of()).containsAll(readers)) {
            if (members.nanoTime() > report) { // a long wait says who is missing, as it goes
                report += PROGRESS_EVERY.toNanos();
                List<String> missing = new ArrayList<>(readers);
                missing.removeAll(shown.getOrDefault(id, Set.of()));
                progress(
                        "message %d: %d of %d shown after %.0f s; missing %s",
                        sent + 1,
                        readers.size() - missing.size(),
                        readers.size(),
                        (members.nanoTime() - start) / 1e9,
                        missing.size() > 10 ? missing.subList(0, 10) + "..." : missing);
                if (members instanceof LoopbackMembers l) {
                    progress("  %s", l.holders());
                }
                String first = missing.get(0);
                progress(
                        "  the sender's delivery states of the missing: %s; %s's sessions: %s",
                        missing.stream().map(r -> r + "=" + d.members().get(r)).toList(),
                        first,
                        sessionEvents.getOrDefault(first, List.of()).stream()
                                .filter(x -> x.contains(sender.currentUser().orElse("?")))
                                .toList());
            }
            if (members.nanoTime() > deadline) {
                List<String> missing = new ArrayList<>(readers);
                missing.removeAll(shown.getOrDefault(id, Set.of()));
                throw new IllegalStateException(missing.size() + " members were never shown " + id + ": " + missing);
            }
            members.pass(Duration.ofMillis(1));
        }
        long last = readers.stream().mapToLong(r -> lastShownAt.get(r)).max().orElse(start);
        progress("message %d: all %d shown after %.0f ms", ++sent, readers.size(), (last - start) / 1e6);
        long[] each =
                readers.stream().mapToLong(r -> lastShownAt.get(r) - start).toArray();
        return new long[] {future, last - start, percentile(each, 50)};
    }

    /** A line on stderr while the run goes (the summary alone goes to stdout). */
    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }

    private ChatListener listener(String name) {
        return new ChatListener() {
            @Override
            public void onClientEvent(io.confchat.api.chat.ClientEvent e) {
                if (e instanceof io.confchat.api.chat.ClientEvent.SessionOpened o) {
                    sessionEvents
                            .computeIfAbsent(name, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add("+" + o.peer() + (o.inbound() ? "<" : ">"));
                } else if (e instanceof io.confchat.api.chat.ClientEvent.SessionClosed c) {
                    sessionEvents
                            .computeIfAbsent(name, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add("-" + c.peer());
                }
            }

            @Override
            public void onGroupMessage(GroupMessage m) {
                lastShownAt.put(name, members.nanoTime());
                if (m.viaCatchUp()) {
                    caughtUp.computeIfAbsent(m.id(), k -> ConcurrentHashMap.newKeySet())
                            .add(name);
                }
                shown.computeIfAbsent(m.id(), k -> ConcurrentHashMap.newKeySet())
                        .add(name);
            }
        };
    }

    private void awaitInvitation(ChatClient member, GroupInfo group) {
        long deadline = members.nanoTime() + LIMIT.toNanos();
        while (members.await(member.groups()).stream().noneMatch(g -> g.id().equals(group.id()))) {
            if (members.nanoTime() > deadline) {
                throw new IllegalStateException(member.currentUser() + " got no invitation");
            }
            members.pass(Duration.ofMillis(100));
        }
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
