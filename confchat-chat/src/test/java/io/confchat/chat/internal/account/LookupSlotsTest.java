package io.confchat.chat.internal.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link LookupSlots}: at most so many at once, the rest in order, each completing as its lookup. */
class LookupSlotsTest {
    private final LookupSlots slots = new LookupSlots(2);
    private final List<CompletableFuture<Integer>> started = new ArrayList<>();

    @Test
    void atMostTheSlots_run_andEachFinishedOneStartsTheNextWaiting() {
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(slots.run(this::lookup));
        }
        assertThat(started).hasSize(2);
        assertThat(slots.waiting()).isEqualTo(3);

        started.get(1).complete(1);
        assertThat(results.get(1)).isCompletedWithValue(1);
        assertThat(started).hasSize(3);

        started.get(0).completeExceptionally(new IllegalStateException("timed out"));
        assertThat(results.get(0)).isCompletedExceptionally();
        assertThat(started).as("a failed lookup frees its slot too").hasSize(4);

        started.get(2).complete(2);
        started.get(3).complete(3);
        started.get(4).complete(4);
        assertThat(results.subList(2, 5)).allSatisfy(r -> assertThat(r).isDone());
        assertThat(slots.waiting()).isZero();
        assertThat(slots.run(() -> CompletableFuture.completedFuture(7))).isCompletedWithValue(7);
    }

    @Test
    void aLookupThatThrows_failsItsFuture_andFreesItsSlot() {
        slots.run(this::lookup);
        CompletableFuture<Integer> thrown = slots.run(() -> {
            throw new IllegalArgumentException("bad key");
        });
        assertThat(thrown).isCompletedExceptionally();
        assertThat(slots.run(this::lookup)).isNotDone();
        assertThat(started).hasSize(2);
    }

    @Test
    void manyWaitingLookupsThatCompleteAtOnce_runOneAfterAnother_notOneInsideAnother() {
        LookupSlots one = new LookupSlots(1);
        CompletableFuture<Integer> first = new CompletableFuture<>();
        one.run(() -> first);
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            int n = i;
            queued.add(one.run(() -> CompletableFuture.completedFuture(n)));
        }

        first.complete(-1); // each waiting lookup completes as it starts: a stack 100,000 deep before

        assertThat(queued.get(99_999)).isCompletedWithValue(99_999);
        assertThat(one.waiting()).isZero();
        assertThat(one.run(this::lookup)).as("the slot is free again").isNotDone();
        assertThat(started).hasSize(1);
    }

    /**
     * A lookup something waits for now starts though every slot is busy, and no waiting one starts
     * in its place while the count is over the bound. Fails when runNow waits its turn.
     */
    @Test
    void aLookupRunNow_startsAtOnce_andWaitingOnesStartOnlyBelowTheBoundAgain() {
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        results.add(slots.run(this::lookup));
        results.add(slots.run(this::lookup));
        results.add(slots.run(this::lookup)); // waits
        CompletableFuture<Integer> urgent = slots.runNow(this::lookup);
        assertThat(started).as("started at once, over the bound").hasSize(3);
        assertThat(slots.waiting()).isEqualTo(1);

        started.get(0).complete(0);
        assertThat(started)
                .as("three were running: the count falls to the bound first")
                .hasSize(3);

        started.get(2).complete(2);
        assertThat(urgent).isCompletedWithValue(2);
        assertThat(started).as("below the bound: the waiting one starts").hasSize(4);
        started.get(1).complete(1);
        started.get(3).complete(3);
        assertThat(results).allSatisfy(r -> assertThat(r).isDone());
        assertThat(slots.waiting()).isZero();
    }

    private CompletableFuture<Integer> lookup() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        started.add(f);
        return f;
    }
}
