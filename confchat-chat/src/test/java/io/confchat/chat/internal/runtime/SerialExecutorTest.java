package io.confchat.chat.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    @Test
    void tasks_runInOrder_oneAtATime_onAPoolOfMany() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<Integer> order = new ArrayList<>();
            int[] running = {0};
            int[] maxRunning = {0};
            CountDownLatch done = new CountDownLatch(1000);
            for (int i = 0; i < 1000; i++) {
                int n = i;
                serial.execute(() -> {
                    synchronized (order) {
                        maxRunning[0] = Math.max(maxRunning[0], ++running[0]);
                        order.add(n);
                        running[0]--;
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(order).hasSize(1000).isSorted();
            assertThat(maxRunning[0]).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTaskGivenFromATask_runsAfterIt_notInsideIt_andAFailureStopsNothing() {
        SerialExecutor serial = new SerialExecutor(Runnable::run);
        List<String> log = new ArrayList<>();
        serial.execute(() -> {
            serial.execute(() -> log.add("inner"));
            log.add("outer");
            throw new IllegalStateException("a failing task");
        });
        serial.execute(() -> log.add("next"));

        assertThat(log).containsExactly("outer", "inner", "next");
    }
}
