package io.confchat.bench.support;

import java.lang.management.ManagementFactory;

/**
 * CPU time of the whole JVM process (every thread: benchmark, event loops, timers, GC and JIT), in
 * nanoseconds, from {@code com.sun.management.OperatingSystemMXBean}. The delta over an interval
 * divided by the operations in it is the CPU cost per operation, on all cores together.
 */
public final class ProcessCpu {
    private ProcessCpu() {}

    /** Process CPU time so far, or -1 where the JVM does not report it. */
    public static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Heap in use after asking for two full collections, in bytes. */
    public static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
