package io.confchat.dht.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manual clock: due order, and what a cancelled task still holds. */
class ManualSchedulerTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> ran = new ArrayList<>();

    @Test
    void advance_shouldRunTasksInDueThenSchedulingOrder_andNoCancelledOne() {
        scheduler.schedule(Duration.ofSeconds(2), () -> ran.add("c"));
        scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("a"));
        scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("b"));
        scheduler.schedule(Duration.ofMillis(1500), () -> ran.add("cancelled")).cancel();

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("a", "b");
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("a", "b", "c");
    }

    /**
     * A cancelled task's body may reach a whole lookup and its replies (a request's timeout holds
     * the call and the reply that came): the scheduler lets go of it at the cancel, not at the
     * deadline.
     */
    @Test
    void cancel_shouldLetGoOfTheBody_beforeItsDeadline() {
        WeakReference<Object> held = cancelledTaskHolding(new byte[1 << 20]);

        for (int i = 0; i < 50 && held.get() != null; i++) {
            System.gc();
        }

        assertThat(held.get()).as("what the cancelled task reached").isNull();
        assertThat(scheduler.queued()).as("the shell waits for its deadline").isEqualTo(1);
    }

    private WeakReference<Object> cancelledTaskHolding(Object reply) {
        scheduler
                .schedule(Duration.ofSeconds(5), () -> ran.add("late " + reply.hashCode()))
                .cancel();
        return new WeakReference<>(reply);
    }

    @Test
    void cancel_shouldSweepCancelledTasks_onceTheyOutnumberTheLiveOnes() {
        for (int i = 0; i < 10; i++) {
            String name = "live" + i;
            scheduler.schedule(Duration.ofSeconds(10 + i), () -> ran.add(name));
        }
        for (int i = 0; i < 10_000; i++) {
            scheduler
                    .schedule(Duration.ofSeconds(5), () -> ran.add("cancelled"))
                    .cancel();
        }

        assertThat(scheduler.queued()).isLessThan(10 + 2 * ManualScheduler.SWEEP_THRESHOLD);
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(ran).hasSize(10).allMatch(s -> s.startsWith("live"));
        assertThat(scheduler.queued()).isZero();
    }
}
