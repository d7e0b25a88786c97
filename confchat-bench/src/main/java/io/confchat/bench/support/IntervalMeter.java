package io.confchat.bench.support;

import io.confchat.dht.crypto.Ed25519KeyPair;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sums what happened over a series of intervals (a benchmark's measurement iterations): operations
 * completed, wall time, process CPU time, requests sent by the nodes, Ed25519 signatures made and
 * verified in the process, and the kernel's UDP counters. Warm-up intervals are simply not begun. Not thread-safe: the benchmark's fixture
 * methods drive it.
 */
public final class IntervalMeter {
    private final RequestCounter requests;
    private long ops0;
    private long wall0;
    private long cpu0;
    private long signed0;
    private long verified0;
    private RequestCounter.Snapshot requests0;
    private Optional<UdpCounters> udp0 = Optional.empty();
    private Optional<ThreadCpu> threads0 = Optional.empty();
    private boolean open;

    private long ops;
    private long wallNanos;
    private long cpuNanos;
    private long signed;
    private long verified;
    private RequestCounter.Snapshot requestTotals = RequestCounter.Snapshot.zero();
    private UdpCounters udpTotals = new UdpCounters(0, 0, 0);
    private boolean udpKnown = true;
    private final Map<ThreadCpu.Kind, Long> threadNanos = new EnumMap<>(ThreadCpu.Kind.class);
    private long systemNanos;
    private boolean threadsKnown = true;

    public IntervalMeter(RequestCounter requests) {
        this.requests = requests;
    }

    /** Starts an interval; {@code opsSoFar} is the caller's running count of completed operations. */
    public void begin(long opsSoFar) {
        udp0 = UdpCounters.read();
        requests0 = requests.snapshot();
        ops0 = opsSoFar;
        cpu0 = ProcessCpu.nanos();
        signed0 = Ed25519KeyPair.signaturesMade();
        verified0 = Ed25519KeyPair.signaturesVerified();
        threads0 = ThreadCpu.read();
        wall0 = System.nanoTime();
        open = true;
    }

    /** Ends the interval begun last, if any, and adds it to the totals. */
    public void end(long opsSoFar) {
        if (!open) {
            return;
        }
        open = false;
        wallNanos += System.nanoTime() - wall0;
        cpuNanos += ProcessCpu.nanos() - cpu0;
        Optional<ThreadCpu> threads = ThreadCpu.read();
        if (threads.isPresent() && threads0.isPresent()) {
            threads.get().minus(threads0.get()).forEach((kind, nanos) -> threadNanos.merge(kind, nanos, Long::sum));
            systemNanos += threads.get().systemNanosSince(threads0.get());
        } else {
            threadsKnown = false;
        }
        signed += Ed25519KeyPair.signaturesMade() - signed0;
        verified += Ed25519KeyPair.signaturesVerified() - verified0;
        ops += opsSoFar - ops0;
        requestTotals = requestTotals.plus(requests.snapshot().minus(requests0));
        Optional<UdpCounters> udp = UdpCounters.read();
        if (udp.isPresent() && udp0.isPresent()) {
            udpTotals = new UdpCounters(
                    udpTotals.inDatagrams() + udp.get().minus(udp0.get()).inDatagrams(),
                    udpTotals.inErrors() + udp.get().minus(udp0.get()).inErrors(),
                    udpTotals.rcvbufErrors() + udp.get().minus(udp0.get()).rcvbufErrors());
        } else {
            udpKnown = false;
        }
    }

    public long ops() {
        return ops;
    }

    public double seconds() {
        return wallNanos / 1e9;
    }

    /** Completed operations per wall-clock second. */
    public double opsPerSecond() {
        return wallNanos == 0 ? 0 : ops / seconds();
    }

    /** Process CPU microseconds per completed operation. */
    public double cpuMicrosPerOp() {
        return ops == 0 ? Double.NaN : cpuNanos / 1e3 / ops;
    }

    /** Ed25519 signatures made per completed operation (PONGs, certificates; records signed by the workload too). */
    public double signaturesPerOp() {
        return ops == 0 ? Double.NaN : (double) signed / ops;
    }

    /** Ed25519 signatures verified per completed operation (records, PONGs, certificates). */
    public double verificationsPerOp() {
        return ops == 0 ? Double.NaN : (double) verified / ops;
    }

    /**
     * Process CPU microseconds per completed operation by the kind of thread that spent them (see
     * {@link ThreadCpu}); they add up to about {@link #cpuMicrosPerOp()} (clock-tick resolution).
     * Empty where the threads' CPU cannot be read.
     */
    public Optional<Map<ThreadCpu.Kind, Double>> cpuMicrosPerOpByThread() {
        if (!threadsKnown || ops == 0) {
            return Optional.empty();
        }
        Map<ThreadCpu.Kind, Double> out = new EnumMap<>(ThreadCpu.Kind.class);
        threadNanos.forEach((kind, nanos) -> out.put(kind, nanos / 1e3 / ops));
        return Optional.of(out);
    }

    /** Kernel (system-call) CPU microseconds per completed operation, all live threads; NaN where unknown. */
    public double systemCpuMicrosPerOp() {
        return !threadsKnown || ops == 0 ? Double.NaN : systemNanos / 1e3 / ops;
    }

    /** Share of the machine's cores the process kept busy (1.0 = one core). */
    public double coresBusy() {
        return wallNanos == 0 ? 0 : (double) cpuNanos / wallNanos;
    }

    /** Requests of one kind per completed operation. */
    public double perOp(RequestCounter.Kind kind) {
        return ops == 0 ? Double.NaN : (double) requestTotals.of(kind) / ops;
    }

    public RequestCounter.Snapshot requests() {
        return requestTotals;
    }

    /** The summed UDP counter deltas, or empty when they could not be read. */
    public Optional<UdpCounters> udp() {
        return udpKnown ? Optional.of(udpTotals) : Optional.empty();
    }
}
