package io.confchat.bench;

import io.confchat.api.SignedRecord;
import io.confchat.bench.support.Awaiter;
import io.confchat.bench.support.LoopbackNetwork;
import io.confchat.bench.support.ProcessCpu;
import io.confchat.bench.support.RecordSet;
import io.confchat.bench.support.RequestCounter;
import io.confchat.bench.support.RequestCounter.Kind;
import io.confchat.bench.support.ResultLog;
import io.confchat.bench.support.Verification;
import io.confchat.dht.KademliaNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Gets right after churn (issue 3: "a dead contact costs at most one short timeout and never stalls
 * the lookup round"): N real nodes on {@code 127.0.0.1} in one JVM, as in {@link LookupBenchmark},
 * put {@value #RECORDS} records, read them a while (so the JIT is warm and round-trip estimates are
 * settled), then close 30% of the nodes at once and immediately read again from the survivors.
 * Closed nodes' ports go silent (loopback UDP to a closed port is a silent drop for an unconnected
 * socket), so every dead contact costs its caller a timeout.
 *
 * <pre>
 * java -cp confchat-bench/target/benchmarks.jar io.confchat.bench.ChurnLatency [N [gets [share [seed]]]]
 * </pre>
 *
 * <p>Gets run one after another (latency, not throughput), each for a random record from a random
 * survivor outside the record's 2k closest nodes (it held no copy before the churn). Reported for
 * the gets before the churn and for those after it (and, apart, the first {@value #FIRST} after
 * it, which meet the most dead contacts): median, p90, p99 and max wall latency, success rate
 * (the get returned the record), FIND_VALUE queries per get, and process CPU per get.
 */
public final class ChurnLatency {
    static final int RECORDS = 100;
    static final int PAYLOAD_BYTES = 100;
    static final int FIRST = 50;
    private static final int K = 20;
    private static final int EVENT_LOOPS = 2;
    private static final Duration OP_LIMIT = Duration.ofSeconds(30);

    private ChurnLatency() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 250;
        int gets = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        double share = args.length > 2 ? Double.parseDouble(args[2]) : 0.3;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodes", n);
        out.put("gets", gets);
        out.put("killedShare", share);
        out.put("seed", seed);
        out.put("date", Instant.now().toString());
        Random random = new Random(seed);
        try (LoopbackNetwork net =
                LoopbackNetwork.start(n, EVENT_LOOPS, Verification.ONCE_PER_GET.config(), 20, new Random(seed))) {
            out.put("meanContacts", net.meanContacts());
            RecordSet records = RecordSet.put(
                    net.nodes(), RECORDS, PAYLOAD_BYTES, K, 8, random, Awaiter.wallClock(Duration.ofSeconds(60)));
            out.put("putMeanReplicas", records.stats().meanStored());
            BitSet dead = new BitSet(n);
            measure(net, records, dead, gets, random, "before", out);

            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, random);
            int victims = (int) Math.round(n * share);
            for (int i = 0; i < victims; i++) {
                dead.set(order.get(i));
            }
            dead.stream().forEach(i -> net.node(i).close());
            out.put("killed", victims);
            measure(net, records, dead, gets, random, "after", out);
        }
        ResultLog.report("churn-latency.jsonl", "=== ChurnLatency summary ===", out);
    }

    private static void measure(
            LoopbackNetwork net,
            RecordSet records,
            BitSet dead,
            int gets,
            Random random,
            String phase,
            Map<String, Object> out) {
        long[] latency = new long[gets];
        int found = 0;
        int failed = 0;
        RequestCounter.Snapshot before = net.requests().snapshot();
        long cpu0 = ProcessCpu.nanos();
        for (int i = 0; i < gets; i++) {
            RecordSet.Entry e = records.random(random);
            int requester;
            do {
                requester = e.randomRequester(random);
            } while (dead.get(requester));
            KademliaNode from = net.node(requester);
            long t0 = System.nanoTime();
            try {
                List<SignedRecord> result = from.get(e.record().key())
                        .orTimeout(OP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                        .join();
                if (result.contains(e.record())) {
                    found++;
                }
            } catch (CompletionException ex) {
                failed++;
            }
            latency[i] = System.nanoTime() - t0;
        }
        long cpu = ProcessCpu.nanos() - cpu0;
        RequestCounter.Snapshot requests = net.requests().snapshot().minus(before);
        out.put(phase + "SuccessRate", (double) found / gets);
        out.put(phase + "Failures", failed);
        long[] first = Arrays.copyOf(latency, Math.min(FIRST, gets));
        Arrays.sort(first);
        out.put(phase + "First" + FIRST + "MillisP50", percentile(first, 0.5) / 1e6);
        out.put(phase + "First" + FIRST + "MillisMax", first[first.length - 1] / 1e6);
        Arrays.sort(latency);
        out.put(phase + "MillisP50", percentile(latency, 0.5) / 1e6);
        out.put(phase + "MillisP90", percentile(latency, 0.9) / 1e6);
        out.put(phase + "MillisP99", percentile(latency, 0.99) / 1e6);
        out.put(phase + "MillisMax", latency[gets - 1] / 1e6);
        out.put(phase + "FindValuePerGet", (double) requests.of(Kind.FIND_VALUE) / gets);
        out.put(phase + "PingPerGet", (double) requests.of(Kind.PING) / gets);
        out.put(phase + "CpuMicrosPerGet", cpu / 1e3 / gets);
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
