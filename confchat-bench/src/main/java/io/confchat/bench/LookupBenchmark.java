package io.confchat.bench;

import io.confchat.api.PutResult;
import io.confchat.api.SignedRecord;
import io.confchat.bench.support.Awaiter;
import io.confchat.bench.support.IntervalMeter;
import io.confchat.bench.support.LoopbackNetwork;
import io.confchat.bench.support.ProcessCpu;
import io.confchat.bench.support.RecordSet;
import io.confchat.bench.support.RequestCounter.Kind;
import io.confchat.bench.support.ResultLog;
import io.confchat.bench.support.StorePool;
import io.confchat.bench.support.ThreadCpu;
import io.confchat.bench.support.UdpCounters;
import io.confchat.bench.support.Verification;
import io.confchat.dht.KademliaNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Puts and gets on a network of real nodes: {@code nodes} nodes on {@code 127.0.0.1} in one JVM,
 * netty UDP (TCP for what does not fit a datagram), sharing one event-loop group of {@value
 * #EVENT_LOOPS} threads; each node keeps its own timer thread, the builder's default. Full Ed25519
 * signature verification on every storing and every reading node; the {@code verification}
 * parameter only sizes the cache of signatures already verified (see {@link Verification}).
 *
 * <p>Each trial starts the network (node i joins through a random earlier node, {@value
 * #JOIN_BATCH} joins at a time) and puts {@value #RECORDS} records from random nodes. Then:
 *
 * <ul>
 *   <li>{@link #store}: latency of one put of a fresh signed record from a random node;
 *   <li>{@link #storeThroughput}: puts per second with {@value #IN_FLIGHT} in flight;
 *   <li>{@link #remoteGet}: latency of one get of an existing record from a node that holds no
 *       copy;
 *   <li>{@link #getThroughput}: such gets per second with {@value #IN_FLIGHT} in flight.
 * </ul>
 *
 * <p>Beside JMH's figures each trial prints, over its measurement iterations only, the process CPU
 * time per operation, the requests nodes sent per operation by kind (FIND_VALUE per get is exact:
 * nothing else sends it), failures, and the kernel's UDP {@code RcvbufErrors} delta; and appends
 * them as a JSON line to {@code lookup-benchmark.jsonl} (see {@link ResultLog}). CPU per operation
 * is the whole process's CPU: the requesting node's, the answering nodes' (all in this JVM) and
 * every node's background maintenance; after the last iteration the network is measured idle for
 * {@code IDLE_MEASUREMENT} ({@code idleCoresBusy}, and {@code idleCpuMicrosPerOp}: that background
 * share of each operation's CPU at the measured rate). Run it with one
 * benchmark thread (the default): the state is shared and the record pool is single-threaded.
 */
@State(Scope.Benchmark)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-Djava.net.preferIPv4Stack=true"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
public class LookupBenchmark {
    static final int RECORDS = 200;
    static final int IN_FLIGHT = 32;
    static final int JOIN_BATCH = 20;
    static final int PUT_BATCH = 8;
    static final int EVENT_LOOPS = 2;
    private static final int K = 20;
    private static final long OP_TIMEOUT_SECONDS = 30;
    /** How long the network's CPU is measured with no operation running, at the end of a trial. */
    private static final Duration IDLE_MEASUREMENT = Duration.ofSeconds(4);

    /** Network size. */
    @Param({"100", "1000"})
    public int nodes;

    /**
     * Payload bytes per record (a record is about 150 bytes more). Not 64: see BENCHMARKS.md on
     * FIND_VALUE answers that miss the datagram limit by a few bytes and are fetched again over TCP.
     */
    @Param({"100"})
    public int payloadBytes;

    /** How often nodes re-verify signatures they have seen before. */
    @Param({"ONCE_PER_GET"})
    public Verification verification;

    private final SplittableRandom random = new SplittableRandom();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder missed = new LongAdder();
    private final LongAdder putsStored = new LongAdder();
    private final LongAdder replicasStored = new LongAdder();
    private LoopbackNetwork network;
    private RecordSet records;
    private StorePool storePool;
    private IntervalMeter meter;
    private final Map<String, Object> setupFacts = new LinkedHashMap<>();
    private Optional<UdpCounters> udpAtStart = Optional.empty();
    private long opsAtIterationStart;
    private long opsLastIteration;

    @Setup(Level.Trial)
    public void startNetwork() {
        udpAtStart = UdpCounters.read();
        long heap0 = ProcessCpu.usedHeapAfterGc();
        long t0 = System.nanoTime();
        Random seeded = new Random(nodes);
        network = LoopbackNetwork.start(nodes, EVENT_LOOPS, verification.config(), JOIN_BATCH, seeded);
        long joinedAt = System.nanoTime();
        try {
            records = RecordSet.put(
                    network.nodes(),
                    RECORDS,
                    payloadBytes,
                    K,
                    PUT_BATCH,
                    seeded,
                    Awaiter.wallClock(Duration.ofSeconds(60)));
        } catch (RuntimeException e) {
            network.close(); // else its event loops keep the forked JVM alive
            throw e;
        }
        long heap1 = ProcessCpu.usedHeapAfterGc();
        meter = new IntervalMeter(network.requests());
        storePool = new StorePool(payloadBytes, seeded);
        setupFacts.put("joinSeconds", (joinedAt - t0) / 1e9);
        setupFacts.put("meanContacts", network.meanContacts());
        setupFacts.put("putMeanReplicas", records.stats().meanStored());
        setupFacts.put("putMinReplicas", records.stats().minStored());
        setupFacts.put("putRetried", records.stats().retried());
        setupFacts.put("heapPerNodeKiB", (heap1 - heap0) / 1024.0 / nodes);
        udpAtStart
                .flatMap(start -> UdpCounters.read().map(now -> now.minus(start)))
                .ifPresent(d -> setupFacts.put("setupRcvbufErrors", d.rcvbufErrors()));
    }

    @Setup(Level.Iteration)
    public void beginIteration(BenchmarkParams benchmark, IterationParams iteration) {
        if (benchmark.getBenchmark().endsWith("store")
                || benchmark.getBenchmark().endsWith("storeThroughput")) {
            // signing is the client's work, not the store's: sign outside the measured interval
            storePool.topUp((int) Math.min(200_000, Math.max(5_000, 3 * opsLastIteration / 2)));
        }
        opsAtIterationStart = completed.sum();
        if (iteration.getType() == IterationType.MEASUREMENT) {
            meter.begin(completed.sum());
        }
    }

    @TearDown(Level.Iteration)
    public void endIteration() throws InterruptedException {
        // let operations still in flight finish, so they count in the interval that started them
        if (inFlight.tryAcquire(IN_FLIGHT, OP_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS)) {
            inFlight.release(IN_FLIGHT);
        }
        opsLastIteration = completed.sum() - opsAtIterationStart;
        meter.end(completed.sum());
    }

    @TearDown(Level.Trial)
    public void stopNetwork(BenchmarkParams params) throws InterruptedException {
        try {
            measureIdle();
            report(params);
        } finally {
            network.close();
        }
    }

    /** One put of a fresh signed record (new sequence number) from a random node; latency. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PutResult store() throws InterruptedException {
        SignedRecord r = storePool.next();
        KademliaNode from = network.node(random.nextInt(nodes));
        try {
            PutResult result = from.put(r).get(OP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            countReplicas(result);
            return result;
        } catch (ExecutionException | TimeoutException e) {
            failed.increment();
            return null;
        } finally {
            completed.increment();
        }
    }

    /** Puts of fresh records from random nodes, {@value #IN_FLIGHT} in flight; puts per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void storeThroughput() {
        inFlight.acquireUninterruptibly();
        SignedRecord r = storePool.next();
        KademliaNode from = network.node(random.nextInt(nodes));
        track(from.put(r), null);
    }

    /** One get of an existing record from a random node that holds no copy of it; latency. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<SignedRecord> remoteGet() throws InterruptedException {
        RecordSet.Entry e = records.random(random);
        KademliaNode from = network.node(e.randomRequester(random));
        try {
            List<SignedRecord> found = from.get(e.record().key()).get(OP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!found.contains(e.record())) {
                missed.increment();
            }
            return found;
        } catch (ExecutionException | TimeoutException ex) {
            failed.increment();
            return List.of();
        } finally {
            completed.increment();
        }
    }

    /** Gets as in {@link #remoteGet}, {@value #IN_FLIGHT} in flight; gets per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void getThroughput() {
        inFlight.acquireUninterruptibly();
        RecordSet.Entry e = records.random(random);
        KademliaNode from = network.node(e.randomRequester(random));
        track(from.get(e.record().key()), e.record());
    }

    /** Counts the outcome of an operation in flight and frees its slot when it completes. */
    private void track(CompletableFuture<?> op, SignedRecord expected) {
        op.orTimeout(OP_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((result, error) -> {
            if (error != null) {
                failed.increment();
            } else if (result instanceof PutResult put) {
                countReplicas(put);
            } else if (expected != null && !((List<?>) result).contains(expected)) {
                missed.increment();
            }
            completed.increment();
            inFlight.release();
        });
    }

    /**
     * The process CPU of the network with no operation in flight (each node's own maintenance:
     * timers, bucket checks, reachability probes, replication): CPU per operation counts it too,
     * so {@code idleCoresBusy / opsPerSecond} of every operation's CPU is this background work.
     */
    private void measureIdle() throws InterruptedException {
        Thread.sleep(1_000); // let the answers of the last operations settle
        long cpu0 = ProcessCpu.nanos();
        Optional<ThreadCpu> threads0 = ThreadCpu.read();
        long wall0 = System.nanoTime();
        Thread.sleep(IDLE_MEASUREMENT.toMillis());
        long wall = System.nanoTime() - wall0;
        double cores = (double) (ProcessCpu.nanos() - cpu0) / wall;
        setupFacts.put("idleCoresBusy", cores);
        threads0.flatMap(t0 -> ThreadCpu.read().map(t1 -> t1.minus(t0)))
                .ifPresent(byKind -> byKind.forEach(
                        (kind, nanos) -> setupFacts.put("idleCoresBusy_" + kind, (double) nanos / wall)));
        setupFacts.put(
                "idleCpuMicrosPerOp", meter.opsPerSecond() == 0 ? Double.NaN : cores * 1e6 / meter.opsPerSecond());
    }

    private void countReplicas(PutResult result) {
        putsStored.increment();
        replicasStored.add(result.stored());
    }

    private void report(BenchmarkParams params) {
        String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", name);
        out.put("nodes", nodes);
        out.put("verification", verification.name());
        out.put("payloadBytes", payloadBytes);
        out.put("date", Instant.now().toString());
        out.putAll(setupFacts);
        out.put("measuredOps", meter.ops());
        out.put("measuredSeconds", meter.seconds());
        out.put("opsPerSecond", meter.opsPerSecond());
        out.put("cpuMicrosPerOp", meter.cpuMicrosPerOp());
        out.put("coresBusy", meter.coresBusy());
        // the same CPU by the kind of thread that spent it (ThreadCpu); a second figure beside
        // cpuMicrosPerOp, not instead of it: the threads that run the nodes' code (event loops,
        // the benchmark thread that starts each get, the common pool's PONG signatures, timers),
        // without the JVM's own JIT and GC threads
        meter.cpuMicrosPerOpByThread().ifPresent(byKind -> {
            byKind.forEach((kind, micros) -> out.put("cpuMicrosPerOp_" + kind, micros));
            out.put(
                    "nodeThreadsCpuMicrosPerOp",
                    byKind.get(ThreadCpu.Kind.EVENT_LOOPS)
                            + byKind.get(ThreadCpu.Kind.BENCHMARK)
                            + byKind.get(ThreadCpu.Kind.COMMON_POOL)
                            + byKind.get(ThreadCpu.Kind.TIMERS));
        });
        out.put("systemCpuMicrosPerOp", meter.systemCpuMicrosPerOp());
        out.put("signaturesPerOp", meter.signaturesPerOp());
        out.put("verificationsPerOp", meter.verificationsPerOp());
        for (Kind kind : Kind.values()) {
            out.put(kind.name() + "PerOp", meter.perOp(kind));
        }
        out.put("streamFrames", meter.requests().streamFrames());
        out.put("failedOpsTotal", failed.sum());
        out.put("missedGetsTotal", missed.sum());
        if (putsStored.sum() > 0) {
            out.put("storeMeanReplicasTotal", replicasStored.doubleValue() / putsStored.sum());
        }
        out.put("signedInline", storePool.signedInline());
        meter.udp().ifPresent(u -> {
            out.put("measuredRcvbufErrors", u.rcvbufErrors());
            out.put("measuredUdpInErrors", u.inErrors());
            out.put("measuredUdpInDatagrams", u.inDatagrams());
        });
        udpAtStart
                .flatMap(start -> UdpCounters.read().map(now -> now.minus(start)))
                .ifPresent(d -> out.put("trialRcvbufErrors", d.rcvbufErrors()));
        ResultLog.report("lookup-benchmark.jsonl", "[confchat-bench] " + name + " nodes=" + nodes, out);
    }
}
