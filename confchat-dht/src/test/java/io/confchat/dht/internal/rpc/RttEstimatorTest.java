package io.confchat.dht.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RttEstimatorTest {
    private static final Duration MIN = Duration.ofMillis(50);
    private static final Duration MAX = Duration.ofSeconds(2);

    private final RttEstimator rtt = new RttEstimator(MIN, MAX);

    @Test
    void timeout_shouldBeTheMaximumBeforeAnySample() {
        assertThat(rtt.timeout()).isEqualTo(MAX);
    }

    @Test
    void timeout_shouldStayTheMaximumUntilEnoughSamples() {
        for (int i = 1; i < RttEstimator.MIN_SAMPLES; i++) {
            rtt.sample(Duration.ofMillis(1).toNanos());
            assertThat(rtt.timeout()).as("after %d samples", i).isEqualTo(MAX);
        }
        rtt.sample(Duration.ofMillis(1).toNanos());

        assertThat(rtt.timeout()).isLessThan(MAX);
    }

    @Test
    void timeout_shouldDoubleAfterEachTimeout_untilTheNextSample() {
        steady(Duration.ofMillis(100));
        Duration base = rtt.timeout();

        rtt.timedOut();
        assertThat(rtt.timeout()).isEqualTo(base.multipliedBy(2));
        rtt.timedOut();
        assertThat(rtt.timeout()).isEqualTo(base.multipliedBy(4));
        for (int i = 0; i < 40; i++) {
            rtt.timedOut();
        }
        assertThat(rtt.timeout()).isEqualTo(MAX);

        rtt.sample(Duration.ofMillis(100).toNanos());
        assertThat(rtt.timeout()).isLessThan(base.multipliedBy(2));
    }

    private void steady(Duration roundTrip) {
        for (int i = 0; i < 200; i++) {
            rtt.sample(roundTrip.toNanos());
        }
    }

    @Test
    void timeout_shouldConvergeNearSteadySamples() {
        for (int i = 0; i < 200; i++) {
            rtt.sample(Duration.ofMillis(120).toNanos());
        }

        assertThat(rtt.timeout()).isBetween(Duration.ofMillis(120), Duration.ofMillis(121));
    }

    @Test
    void timeout_shouldFollowAChangeInRoundTrips() {
        for (int i = 0; i < 200; i++) {
            rtt.sample(Duration.ofMillis(400).toNanos());
        }
        for (int i = 0; i < 200; i++) {
            rtt.sample(Duration.ofMillis(100).toNanos());
        }

        assertThat(rtt.timeout()).isBetween(Duration.ofMillis(100), Duration.ofMillis(101));
    }

    @Test
    void timeout_shouldNotFallBelowTheMinimum() {
        for (int i = 0; i < 100; i++) {
            rtt.sample(Duration.ofMillis(1).toNanos());
        }

        assertThat(rtt.timeout()).isEqualTo(MIN);
    }

    @Test
    void timeout_shouldNotRiseAboveTheMaximum() {
        for (int i = 0; i < 100; i++) {
            rtt.sample(Duration.ofSeconds(10).toNanos());
        }

        assertThat(rtt.timeout()).isEqualTo(MAX);
    }

    @Test
    void slowAfter_shouldBeHalfTheTimeout() {
        assertThat(rtt.slowAfter()).isEqualTo(MAX.dividedBy(2));

        steady(Duration.ofMillis(100));

        assertThat(rtt.slowAfter()).isLessThan(MAX.dividedBy(2));
        assertThat(rtt.slowAfter()).isEqualTo(rtt.timeout().dividedBy(2));
    }

    @Test
    void slowAfter_shouldIgnoreTheBackOff_soDeadContactsDoNotSlowEveryLookup() {
        steady(Duration.ofMillis(100));
        Duration before = rtt.slowAfter();

        for (int i = 0; i < 5; i++) {
            rtt.timedOut();
        }

        assertThat(rtt.timeout()).isGreaterThan(before.multipliedBy(2));
        assertThat(rtt.slowAfter()).isEqualTo(before);
    }

    @Test
    void constructor_shouldRefuseANegativeMinimumOrMinimumAboveMaximum() {
        assertThatThrownBy(() -> new RttEstimator(Duration.ofMillis(-1), MAX))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RttEstimator(MAX, MIN)).isInstanceOf(IllegalArgumentException.class);
    }
}
