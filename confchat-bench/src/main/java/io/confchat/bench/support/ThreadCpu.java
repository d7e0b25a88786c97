package io.confchat.bench.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU time of this process's threads by kind (Linux, from {@code /proc/self/task/<tid>/stat}:
 * user and system clock ticks of each native thread, named by its {@code comm}, which the JVM sets
 * to the first 15 characters of the Java thread's name). It splits the process CPU that {@link
 * ProcessCpu} measures into the nodes' event loops, the JIT's compiler threads, the GC, and the rest,
 * so a benchmark can show how much of an operation's CPU is the DHT's work and how much the JVM's.
 *
 * <p>Resolution is one clock tick (10 ms at the usual {@code USER_HZ} of 100). A thread that exits
 * between two snapshots (the JVM stops idle compiler threads) takes its ticks with it: its share
 * shows up only in the process total, as the difference {@link Kind#GONE}.
 */
public final class ThreadCpu {
    /** Nanoseconds per clock tick: {@code USER_HZ} is 100 on every Linux this runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private static final Path TASKS = Path.of("/proc/self/task");

    /** What a thread does, from its name. */
    public enum Kind {
        /** The netty event loops: every node's requests, replies, lookups, codec and system calls. */
        EVENT_LOOPS,
        /** C1 and C2 compiler threads. */
        JIT,
        /** GC workers, G1's concurrent and refinement threads, and the VM thread (safepoints). */
        GC,
        /** The nodes' timer threads (maintenance rounds, request deadlines off the event loop). */
        TIMERS,
        /** The common fork-join pool (PONG signatures, completions handed off). */
        COMMON_POOL,
        /** The benchmark's own thread (JMH's worker: starting operations, awaiting them). */
        BENCHMARK,
        /** Every other thread still alive. */
        OTHER,
        /** Threads that exited between the two snapshots: process CPU no live thread accounts for. */
        GONE;
    }

    private record Ticks(String name, long user, long system) {}

    private final Map<Integer, Ticks> threads;
    private final long processNanos;

    private ThreadCpu(Map<Integer, Ticks> threads, long processNanos) {
        this.threads = threads;
        this.processNanos = processNanos;
    }

    /** The threads' CPU so far, or empty where {@code /proc/self/task} cannot be read. */
    public static Optional<ThreadCpu> read() {
        Map<Integer, Ticks> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                parse(task)
                        .ifPresent(t ->
                                threads.put(Integer.parseInt(task.getFileName().toString()), t));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(new ThreadCpu(threads, ProcessCpu.nanos()));
    }

    /** CPU nanoseconds by kind between {@code earlier} and this snapshot. */
    public Map<Kind, Long> minus(ThreadCpu earlier) {
        Map<Kind, Long> out = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            out.put(k, 0L);
        }
        long accounted = 0;
        for (var e : threads.entrySet()) {
            Ticks now = e.getValue();
            Ticks before = earlier.threads.get(e.getKey());
            long ticks = now.user + now.system - (before == null ? 0 : before.user + before.system);
            long nanos = ticks * NANOS_PER_TICK;
            out.merge(kindOf(now.name), nanos, Long::sum);
            accounted += nanos;
        }
        out.put(Kind.GONE, Math.max(0, processNanos - earlier.processNanos - accounted));
        return out;
    }

    /** System (kernel) CPU nanoseconds of the threads alive in both snapshots, between them. */
    public long systemNanosSince(ThreadCpu earlier) {
        long ticks = 0;
        for (var e : threads.entrySet()) {
            Ticks before = earlier.threads.get(e.getKey());
            ticks += e.getValue().system - (before == null ? 0 : before.system);
        }
        return ticks * NANOS_PER_TICK;
    }

    static Kind kindOf(String comm) {
        if (comm.startsWith("multiThreadIoEv") || comm.contains("EventLoop")) {
            return Kind.EVENT_LOOPS;
        } else if (comm.startsWith("C2 Compiler") || comm.startsWith("C1 Compiler")) {
            return Kind.JIT;
        } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) {
            return Kind.GC;
        } else if (comm.startsWith("confchat-timer")) {
            return Kind.TIMERS;
        } else if (comm.startsWith("ForkJoinPool")) {
            return Kind.COMMON_POOL;
        } else if (comm.startsWith("io.confchat.ben")) {
            return Kind.BENCHMARK;
        }
        return Kind.OTHER;
    }

    /** The name and ticks of one thread; fields 14 and 15 of its stat line, after the name in parentheses. */
    private static Optional<Ticks> parse(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String[] rest = stat.substring(close + 2).split(" ");
            // rest[0] is field 3 (state): utime is field 14, stime field 15
            return Optional.of(
                    new Ticks(stat.substring(open + 1, close), Long.parseLong(rest[11]), Long.parseLong(rest[12])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the thread exited while being read
        }
    }
}
