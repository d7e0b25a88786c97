package io.confchat.dht.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timers over one armed wakeup: order, cancellation, how often the underlying scheduler is used. */
class CoalescedTimersTest {
    private static final Duration MS = Duration.ofMillis(1);

    private final ManualScheduler manual = new ManualScheduler();
    private final Counting underlying = new Counting(manual);
    private final CoalescedTimers timers = new CoalescedTimers(underlying);
    private final List<String> ran = new ArrayList<>();

    @Test
    void schedule_shouldRunTasksAtTheirDeadline_inDeadlineThenSchedulingOrder() {
        timers.schedule(MS.multipliedBy(30), () -> ran.add("c"));
        timers.schedule(MS.multipliedBy(10), () -> ran.add("a"));
        timers.schedule(MS.multipliedBy(10), () -> ran.add("b"));
        timers.schedule(Duration.ZERO, () -> ran.add("now"));

        manual.advance(Duration.ZERO);
        assertThat(ran).containsExactly("now");
        manual.advance(MS.multipliedBy(9));
        assertThat(ran).containsExactly("now");
        manual.advance(MS);
        assertThat(ran).containsExactly("now", "a", "b");
        manual.advance(MS.multipliedBy(20));
        assertThat(ran).containsExactly("now", "a", "b", "c");
    }

    @Test
    void schedule_shouldArmTheUnderlyingSchedulerOnce_forABurstOfLaterDeadlines() {
        for (int i = 0; i < 100; i++) {
            timers.schedule(MS.multipliedBy(100 + i), () -> {}).cancel();
        }

        assertThat(underlying.scheduled)
                .as("one wakeup armed for the whole burst")
                .isEqualTo(1);
        manual.advance(Duration.ofSeconds(1));
        assertThat(underlying.scheduled)
                .as("the wakeup found every timer cancelled and armed nothing more")
                .isEqualTo(1);
        assertThat(timers.queued()).isZero();
    }

    @Test
    void schedule_shouldArmEarlier_forADeadlineBeforeTheArmedOne() {
        timers.schedule(Duration.ofSeconds(60), () -> ran.add("late"));
        timers.schedule(MS.multipliedBy(5), () -> ran.add("early"));

        assertThat(underlying.live()).as("the replaced arming was cancelled").isEqualTo(1);
        manual.advance(MS.multipliedBy(5));

        assertThat(ran).containsExactly("early");
        assertThat(underlying.live()).as("armed again for the late one only").isEqualTo(1);
        manual.advance(Duration.ofSeconds(60));
        assertThat(ran).containsExactly("early", "late");
    }

    @Test
    void cancel_shouldKeepATaskFromRunning_evenWhenItIsDueAlongsideOthers() {
        List<Scheduler.Cancellable> handles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "t" + i;
            handles.add(timers.schedule(MS, () -> {
                ran.add(name);
                handles.get(2).cancel(); // cancels a task due at the same moment, not started yet
            }));
        }

        manual.advance(MS);

        assertThat(ran).containsExactly("t0", "t1");
    }

    @Test
    void cancel_shouldSweepCancelledTimers_soReschedulingOnEveryPacketCannotGrowTheQueue() {
        Scheduler.Cancellable idle = timers.schedule(Duration.ofMinutes(10), () -> ran.add("idle"));
        for (int i = 0; i < 10_000; i++) {
            idle.cancel();
            idle = timers.schedule(Duration.ofMinutes(10), () -> ran.add("idle"));
        }

        assertThat(timers.queued()).isLessThanOrEqualTo(2 * CoalescedTimers.SWEEP_THRESHOLD + 1);
        manual.advance(Duration.ofMinutes(10));
        assertThat(ran).containsExactly("idle");
    }

    @Test
    void fire_shouldRunTheOtherTasks_whenOneThrows() {
        timers.schedule(MS, () -> {
            throw new IllegalStateException("bug in a task");
        });
        timers.schedule(MS, () -> ran.add("after"));
        timers.schedule(MS.multipliedBy(2), () -> ran.add("later"));

        manual.advance(MS.multipliedBy(2));

        assertThat(ran).containsExactly("after", "later");
    }

    @Test
    void schedule_fromATask_shouldRunOnTime() {
        timers.schedule(MS, () -> timers.schedule(MS, () -> ran.add("chained")));

        manual.advance(MS);
        assertThat(ran).isEmpty();
        manual.advance(MS);
        assertThat(ran).containsExactly("chained");
    }

    /** Counts what reaches the underlying scheduler: each arming is one thread wakeup in production. */
    private static final class Counting implements Scheduler {
        private final Scheduler inner;
        int scheduled;
        int cancelled;
        int ran;

        Counting(Scheduler inner) {
            this.inner = inner;
        }

        /** Armings neither run nor cancelled. */
        int live() {
            return scheduled - cancelled - ran;
        }

        @Override
        public long nanoTime() {
            return inner.nanoTime();
        }

        @Override
        public Instant now() {
            return inner.now();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            scheduled++;
            boolean[] done = {false};
            Cancellable c = inner.schedule(delay, () -> {
                done[0] = true;
                ran++;
                task.run();
            });
            return () -> {
                if (!done[0]) {
                    done[0] = true;
                    cancelled++;
                    c.cancel();
                }
            };
        }
    }
}
