package io.confchat.bench;

import io.confchat.api.SignedRecord;
import io.confchat.bench.support.ProcessCpu;
import io.confchat.bench.support.RecordSet;
import io.confchat.bench.support.Registrations;
import io.confchat.bench.support.RequestCounter;
import io.confchat.bench.support.RequestCounter.Kind;
import io.confchat.bench.support.ResultLog;
import io.confchat.bench.support.SimulatedDht;
import io.confchat.bench.support.Verification;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A network of many nodes (ten thousand by default) on the simulated network, in one JVM and one
 * thread: how long joining takes, and how gets behave at that size. Not a JMH benchmark: a single
 * pass that prints one summary block.
 *
 * <pre>
 * java -cp confchat-bench/target/benchmarks.jar io.confchat.bench.SimulatedScale [N [L [seed [verification]]]]
 * </pre>
 *
 * <p>N nodes (default 10,000) join in concurrent batches (system property {@code
 * confchat.bench.joinBatch}, default 50), each through a random node that joined before. {@value
 * #RECORDS} records ({@value #PAYLOAD_BYTES}-byte payloads) are put from random nodes, then L gets (default 2,000) run one after another,
 * each for a random record from a random node outside the record's 2k closest nodes (so it holds
 * no copy). Every message is encoded, decoded and signature-checked as on real sockets; one-way
 * delays are the simulated network's default, uniform in 1-10 ms, with no loss.
 *
 * <p>With {@code -Dconfchat.bench.users=U} (or several sizes, {@code 10000,30000,100000}), users
 * then register through the chat layer's real path, in stages up to each size, and min(U, L) of
 * them are looked up by name and searched in the directory at each size, reporting success rates,
 * messages per registration and per look-up, and per-node storage ({@code Registrations}).
 *
 * <p>Reported: wall and CPU time of the joins, heap per node, get success rate, simulated latency
 * per get (the manual clock from start to completion), requests per get (FIND_VALUE queries are
 * exact; all requests include bonding PINGs and any background maintenance), datagrams per get
 * (requests and replies, from {@code SimulatedNetwork.datagramsSent()}), and process CPU per get.
 */
public final class SimulatedScale {
    static final int RECORDS = 200;
    static final int PAYLOAD_BYTES = 100;
    private static final int K = 20;
    private static final Duration OP_LIMIT = Duration.ofMinutes(2);

    private SimulatedScale() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Verification verification = args.length > 3 ? Verification.valueOf(args[3]) : Verification.ONCE_PER_GET;
        int batch = Integer.getInteger("confchat.bench.joinBatch", 50);
        if (n < 2 * K + 2 || lookups < 1 || batch < 1) {
            throw new IllegalArgumentException("need N >= " + (2 * K + 2) + ", L >= 1 and a join batch >= 1");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodes", n);
        out.put("lookups", lookups);
        out.put("seed", seed);
        out.put("verification", verification.name());
        out.put("joinBatch", batch);
        out.put("date", Instant.now().toString());
        out.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        try (SimulatedDht dht = new SimulatedDht(seed, verification.config())) {
            Random random = new Random(seed);
            join(dht, n, batch, random, out);
            RecordSet records =
                    RecordSet.put(dht.nodes(), RECORDS, PAYLOAD_BYTES, K, 20, random, dht.awaiter(OP_LIMIT));
            out.put("putMeanReplicas", records.stats().meanStored());
            out.put("putMinReplicas", records.stats().minStored());
            out.put("putRetried", records.stats().retried());
            gets(dht, records, lookups, random, out);
            String users = System.getProperty("confchat.bench.users", "");
            if (!users.isBlank()) {
                List<Integer> stages = Arrays.stream(users.split(","))
                        .map(String::strip)
                        .map(Integer::parseInt)
                        .sorted()
                        .toList();
                if (stages.get(0) < 1) {
                    throw new IllegalArgumentException("confchat.bench.users: user counts must be positive");
                }
                out.put("userStages", users);
                Registrations.run(dht, stages, Math.min(stages.get(0), lookups), random, dht.awaiter(OP_LIMIT), out);
            }
        }
        ResultLog.report("simulated-scale.jsonl", "=== SimulatedScale summary ===", out);
    }

    private static void join(SimulatedDht dht, int n, int batch, Random random, Map<String, Object> out) {
        long heap0 = ProcessCpu.usedHeapAfterGc();
        long wall0 = System.nanoTime();
        long cpu0 = ProcessCpu.nanos();
        long sim0 = dht.scheduler().nanoTime();
        int failures = 0;
        int reportEvery = Math.max(batch, n / 10);
        int nextReport = reportEvery;
        while (dht.nodes().size() < n) {
            failures += dht.join(Math.min(batch, n - dht.nodes().size()), random);
            if (dht.nodes().size() >= nextReport) {
                System.err.printf(
                        Locale.ROOT,
                        "joined %d/%d nodes in %.1f s%n",
                        dht.nodes().size(),
                        n,
                        (System.nanoTime() - wall0) / 1e9);
                nextReport += reportEvery;
            }
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        out.put("joinWallSeconds", wall);
        out.put("joinCpuSeconds", (ProcessCpu.nanos() - cpu0) / 1e9);
        out.put("joinWallMillisPerNode", wall * 1e3 / n);
        out.put("joinSimulatedSeconds", (dht.scheduler().nanoTime() - sim0) / 1e9);
        out.put("joinFailures", failures);
        out.put("joinRequestsPerNode", (double) dht.requests().snapshot().total() / n);
        out.put("meanContacts", dht.meanContacts());
        long heap1 = ProcessCpu.usedHeapAfterGc();
        out.put("heapPerNodeKiB", (heap1 - heap0) / 1024.0 / n);
    }

    private static void gets(SimulatedDht dht, RecordSet records, int lookups, Random random, Map<String, Object> out) {
        long[] latency = new long[lookups];
        long[] findValues = new long[lookups];
        int found = 0;
        int failed = 0;
        long datagrams0 = dht.network().datagramsSent();
        RequestCounter.Snapshot requests0 = dht.requests().snapshot();
        long sim0 = dht.scheduler().nanoTime();
        long wall0 = System.nanoTime();
        long cpu0 = ProcessCpu.nanos();
        long signed0 = Ed25519KeyPair.signaturesMade();
        long verified0 = Ed25519KeyPair.signaturesVerified();
        for (int i = 0; i < lookups; i++) {
            RecordSet.Entry e = records.random(random);
            KademliaNode from = dht.nodes().get(e.randomRequester(random));
            RequestCounter.Snapshot before = dht.requests().snapshot();
            long start = dht.scheduler().nanoTime();
            CompletableFuture<List<SignedRecord>> get = from.get(e.record().key());
            try {
                if (dht.scheduler().await(get, OP_LIMIT).contains(e.record())) {
                    found++;
                }
            } catch (CompletionException | AssertionError ex) {
                failed++;
            }
            latency[i] = dht.scheduler().nanoTime() - start;
            findValues[i] = dht.requests().snapshot().minus(before).of(Kind.FIND_VALUE);
        }
        long cpu = ProcessCpu.nanos() - cpu0;
        long wall = System.nanoTime() - wall0;
        RequestCounter.Snapshot requests = dht.requests().snapshot().minus(requests0);
        out.put("getSuccessRate", (double) found / lookups);
        out.put("getFailures", failed);
        Arrays.sort(latency);
        out.put("getSimLatencyMillisP50", percentile(latency, 0.50) / 1e6);
        out.put("getSimLatencyMillisP90", percentile(latency, 0.90) / 1e6);
        out.put("getSimLatencyMillisP99", percentile(latency, 0.99) / 1e6);
        out.put("getSimLatencyMillisMax", latency[lookups - 1] / 1e6);
        out.put("getSimLatencyMillisMean", Arrays.stream(latency).average().orElse(0) / 1e6);
        Arrays.sort(findValues);
        out.put("findValuePerGetMean", (double) requests.of(Kind.FIND_VALUE) / lookups);
        out.put("findValuePerGetP50", percentile(findValues, 0.50));
        out.put("findValuePerGetMax", findValues[lookups - 1]);
        out.put("pingPerGetMean", (double) requests.of(Kind.PING) / lookups);
        out.put("requestsPerGetMean", (double) requests.total() / lookups);
        out.put("datagramsPerGetMean", (double) (dht.network().datagramsSent() - datagrams0) / lookups);
        out.put("getWallMicrosPerGet", wall / 1e3 / lookups);
        out.put("getCpuMicrosPerGet", cpu / 1e3 / lookups);
        out.put("signaturesPerGet", (double) (Ed25519KeyPair.signaturesMade() - signed0) / lookups);
        out.put("verificationsPerGet", (double) (Ed25519KeyPair.signaturesVerified() - verified0) / lookups);
        out.put("getsSimulatedSeconds", (dht.scheduler().nanoTime() - sim0) / 1e9);
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
