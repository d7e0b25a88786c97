package io.confchat.chat;

/**
 * Prints the live heap (after a full collection) at a phase of a long simulation, when {@code
 * -Dconfchat.heapReport=true} is set; does nothing otherwise.
 */
final class HeapReport {
    private HeapReport() {}

    static void phase(String phase) {
        if (!Boolean.getBoolean("confchat.heapReport")) {
            return;
        }
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long live = runtime.totalMemory() - runtime.freeMemory();
        System.out.printf("heap %s: live %d MiB at %s%n", phase, live >> 20, java.time.Instant.now());
    }
}
