package io.confchat.chat.internal.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.dht.time.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link CatchUpRounds}: clients that log in together do not catch up together. */
class CatchUpRoundsTest {
    private static final int CLIENTS = 100;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Random random = new Random(20261130L);

    /**
     * A hundred clients start their rounds in the same instant (as a hundred logins in one process
     * do): their first rounds fall across ten minutes, no minute with more than a fifth of them,
     * and each client's rounds come 5 to 15 minutes apart. With a fixed period all hundred came
     * in the same millisecond, every time (fails so with the wait fixed at EVERY: checked).
     */
    @Test
    void roundsOfClientsStartedTogether_spreadOverTenMinutes_andEachComesEveryFiveToFifteen() {
        Instant start = scheduler.now();
        List<List<Instant>> rounds = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            List<Instant> mine = new ArrayList<>();
            rounds.add(mine);
            new CatchUpRounds(scheduler, random, () -> {
                        mine.add(scheduler.now());
                        return CompletableFuture.completedFuture(null);
                    })
                    .start();
        }

        scheduler.advance(Duration.ofHours(2));

        Map<Long, Integer> firstByMinute = new TreeMap<>();
        for (List<Instant> mine : rounds) {
            long minute = Duration.between(start, mine.get(0)).toMinutes();
            firstByMinute.merge(minute, 1, Integer::sum);
            assertThat(minute).isBetween(5L, 14L);
        }
        assertThat(firstByMinute.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(CLIENTS / 5));
        assertThat(firstByMinute).hasSizeGreaterThanOrEqualTo(9);
        for (List<Instant> mine : rounds) {
            assertThat(mine).hasSizeBetween(8, 24); // two hours of 5-15 minute waits
            for (int i = 1; i < mine.size(); i++) {
                Duration wait = Duration.between(mine.get(i - 1), mine.get(i));
                assertThat(wait).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(15));
            }
        }
        long all = rounds.stream().mapToLong(List::size).sum();
        assertThat(all).as("about one round per client every 10 minutes").isBetween(1_000L, 1_300L);
    }

    /** The next round waits for the one running, and a stopped login schedules none. */
    @Test
    void aSlowRound_delaysTheNext_andStopEndsThem() {
        List<CompletableFuture<Void>> started = new ArrayList<>();
        CatchUpRounds r = new CatchUpRounds(scheduler, random, () -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            started.add(f);
            return f;
        });
        r.start();
        scheduler.advance(Duration.ofMinutes(15));
        assertThat(started).hasSize(1);
        scheduler.advance(Duration.ofHours(1));
        assertThat(started).as("the first has not ended").hasSize(1);

        started.get(0).completeExceptionally(new IllegalStateException("the DHT was not reachable"));
        scheduler.advance(Duration.ofMinutes(15));
        assertThat(started).as("a failed round is followed by the next").hasSize(2);

        r.stop();
        started.get(1).complete(null);
        scheduler.advance(Duration.ofHours(1));
        assertThat(started).hasSize(2);
    }
}
