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
    void timeout_shouldBeThreeTimesTheFirstSample() {
        // RFC 6298 2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 * RTTVAR
        rtt.sample(Duration.ofMillis(100).toNanos());

        assertThat(rtt.timeout()).isEqualTo(Duration.ofMillis(300));
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

        rtt.sample(Duration.ofMillis(100).toNanos());

        assertThat(rtt.slowAfter()).isEqualTo(Duration.ofMillis(150));
        assertThat(rtt.slowAfter()).isEqualTo(rtt.timeout().dividedBy(2));
    }

    @Test
    void constructor_shouldRefuseANegativeMinimumOrMinimumAboveMaximum() {
        assertThatThrownBy(() -> new RttEstimator(Duration.ofMillis(-1), MAX))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RttEstimator(MAX, MIN)).isInstanceOf(IllegalArgumentException.class);
    }
}
