package io.confchat.bench;

import io.confchat.bench.chat.Layer;
import io.confchat.bench.chat.MessageLink;
import io.confchat.bench.chat.Window;
import io.confchat.bench.support.ProcessCpu;
import io.confchat.bench.support.ResultLog;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
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
 * 100-byte texts over one established Noise session on 127.0.0.1, at four layers ({@link
 * Layer}): the full chat client, the live session alone, the live session through a relay (its
 * relay's CPU per text reported too), and a bare netty TCP echo (the floor).
 * Each layer runs on its own event-loop group of {@value #EVENT_LOOPS} threads, like a client.
 *
 * <ul>
 *   <li>{@link #throughput}: texts per second with up to {@code inFlight} unacknowledged; one
 *       operation is one send, and the trial report also gives acknowledged texts per second.
 *   <li>{@link #roundTrip}: one text and its ack (send to DELIVERED), one at a time.
 * </ul>
 *
 * <p>Each trial prints a {@code [confchat-bench]} block (measurement iterations only: texts
 * acknowledged per second, process CPU per text, failures, the JDK) and appends it as a JSON line
 * to {@code message-throughput.jsonl} (see {@link ResultLog}). One benchmark thread only.
 */
@State(Scope.Benchmark)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-Djava.net.preferIPv4Stack=true"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class MessageThroughputBenchmark {
    static final int EVENT_LOOPS = 2;
    private static final long DRAIN_MILLIS = 60_000;

    @Param({"CLIENT", "SESSION", "SESSION_RELAYED", "NETTY_ECHO"})
    public Layer layer;

    /** Most texts sent and not yet acknowledged (throughput only). */
    @Param({"4096"})
    public int inFlight;

    private EventLoopGroup group;
    private MessageLink link;
    private Window window;
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder notDelivered = new LongAdder();
    private final BiConsumer<Object, Throwable> onDone = this::done;
    private boolean measuring;
    private long iterationStartNanos;
    private long iterationStartCpu;
    private long iterationStartOps;
    private long measuredOps;
    private long measuredNanos;
    private long measuredCpu;
    private long iterationStartRelayCpu;
    private long measuredRelayCpu;
    private double bestOpsPerSecond;
    /** Heap in use after a full GC at the end of each iteration: flat when nothing accumulates. */
    private final List<Long> heapAfterGcMiB = new ArrayList<>();

    @Setup(Level.Trial)
    public void start() {
        group = new MultiThreadIoEventLoopGroup(EVENT_LOOPS, NioIoHandler.newFactory());
        try {
            link = layer.open(group);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        window = new Window(inFlight);
    }

    @Setup(Level.Iteration)
    public void beginIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        iterationStartOps = completed.sum();
        iterationStartCpu = ProcessCpu.nanos();
        iterationStartRelayCpu = link.relayCpuNanos();
        iterationStartNanos = System.nanoTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        long nanos = System.nanoTime() - iterationStartNanos;
        long cpu = ProcessCpu.nanos() - iterationStartCpu;
        long ops = completed.sum() - iterationStartOps;
        long relayCpu = link.relayCpuNanos() - iterationStartRelayCpu;
        if (measuring) {
            measuredRelayCpu += relayCpu;
            measuredOps += ops;
            measuredNanos += nanos;
            measuredCpu += cpu;
            bestOpsPerSecond = Math.max(bestOpsPerSecond, ops * 1e9 / nanos);
        }
        // texts still in flight complete before the next iteration, outside any measured interval
        if (!window.drain(DRAIN_MILLIS)) {
            throw new IllegalStateException(window.inFlight() + " texts were not acknowledged in 60 s");
        }
        // JMH counts every call of the benchmark method: a failed send would count as a text
        if (failed.sum() > 0) {
            throw new IllegalStateException(failed.sum() + " sends failed: the figures would be wrong");
        }
        System.gc();
        heapAfterGcMiB.add(
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
    }

    @TearDown(Level.Trial)
    public void stop(BenchmarkParams params) {
        try {
            report(params);
        } finally {
            link.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Sends one text, waiting only while {@code inFlight} texts are unacknowledged. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void throughput() {
        window.acquire();
        link.send().whenComplete(onDone);
    }

    /** One text and its acknowledgement (its echo for NETTY_ECHO). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object roundTrip() throws Exception {
        window.acquire();
        Object result = link.send().whenComplete(onDone).get(10, TimeUnit.SECONDS);
        return result;
    }

    private void done(Object result, Throwable error) {
        if (error != null) {
            failed.increment();
        } else if (!link.delivered(result)) {
            notDelivered.increment();
        }
        completed.increment();
        window.release();
    }

    private void report(BenchmarkParams params) {
        String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", name);
        out.put("layer", layer.name());
        out.put("what", link.describe());
        out.put("inFlight", name.equals("throughput") ? inFlight : 1);
        out.put("date", Instant.now().toString());
        out.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        out.put("measuredTexts", measuredOps);
        out.put("measuredSeconds", measuredNanos / 1e9);
        out.put("ackedPerSecond", measuredNanos == 0 ? Double.NaN : measuredOps * 1e9 / measuredNanos);
        out.put("bestIterationAckedPerSecond", bestOpsPerSecond);
        out.put("cpuMicrosPerText", measuredOps == 0 ? Double.NaN : measuredCpu / 1e3 / measuredOps);
        out.put("coresBusy", measuredNanos == 0 ? Double.NaN : (double) measuredCpu / measuredNanos);
        if (link.relayCpuNanos() >= 0) {
            // one text and its share of an ack batch pass the relay: the relay's thread CPU per text
            out.put("relayCpuMicrosPerText", measuredOps == 0 ? Double.NaN : measuredRelayCpu / 1e3 / measuredOps);
            out.put("relayCoreBusy", measuredNanos == 0 ? Double.NaN : (double) measuredRelayCpu / measuredNanos);
        }
        out.put("failedTotal", failed.sum());
        out.put("notDeliveredLiveTotal", notDelivered.sum());
        out.put("textsThroughTheConversation", completed.sum());
        out.put("heapAfterGcMiBPerIteration", heapAfterGcMiB);
        ResultLog.report("message-throughput.jsonl", "[confchat-bench] " + name + " layer=" + layer, out);
    }
}
