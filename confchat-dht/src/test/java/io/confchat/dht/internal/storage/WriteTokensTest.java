package io.confchat.dht.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.dht.time.ManualScheduler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WriteTokensTest {
    private static final Duration EPOCH = Duration.ofMinutes(5);
    private static final InetSocketAddress ISSUED_TO = new InetSocketAddress("203.0.113.7", 4000);

    private final ManualScheduler clock = new ManualScheduler();
    private final WriteTokens tokens = new WriteTokens(clock, EPOCH, new SecureRandom());

    @Test
    void issue_shouldReturnATokenOfTheFixedLength() {
        assertThat(tokens.issue(ISSUED_TO)).hasSize(WriteTokens.TOKEN_BYTES);
    }

    @Test
    void isValid_shouldAcceptATokenInTheEpochItWasIssued() {
        byte[] token = tokens.issue(ISSUED_TO);

        assertThat(tokens.isValid(ISSUED_TO, token)).isTrue();
    }

    @Test
    void isValid_shouldAcceptATokenInTheNextEpoch() {
        byte[] token = tokens.issue(ISSUED_TO);

        clock.advance(EPOCH);

        assertThat(tokens.isValid(ISSUED_TO, token)).isTrue();
    }

    @Test
    void isValid_shouldRefuseATokenTwoEpochsLater() {
        byte[] token = tokens.issue(ISSUED_TO);

        clock.advance(EPOCH.multipliedBy(2));

        assertThat(tokens.isValid(ISSUED_TO, token)).isFalse();
    }

    @Test
    void isValid_shouldCountEpochsNotTimeSinceIssue() {
        // issued in the last nanosecond of an epoch: still valid one full epoch later, not two
        clock.advance(EPOCH.minusNanos(clock.nanoTime() % EPOCH.toNanos() + 1));
        byte[] token = tokens.issue(ISSUED_TO);

        clock.advance(EPOCH);
        assertThat(tokens.isValid(ISSUED_TO, token)).isTrue();

        clock.advance(Duration.ofNanos(1));
        assertThat(tokens.isValid(ISSUED_TO, token)).isFalse();
    }

    @Test
    void isValid_shouldRefuseATokenFromAnotherIp() {
        byte[] token = tokens.issue(ISSUED_TO);

        assertThat(tokens.isValid(new InetSocketAddress("203.0.113.8", 4000), token))
                .isFalse();
        assertThat(tokens.isValid(new InetSocketAddress("2001:db8::7", 4000), token))
                .isFalse();
    }

    @Test
    void isValid_shouldAcceptTheSameIpFromAnotherPort() {
        // a STORE too large for a datagram comes over TCP from an ephemeral port
        byte[] token = tokens.issue(ISSUED_TO);

        assertThat(tokens.isValid(new InetSocketAddress("203.0.113.7", 51_234), token))
                .isTrue();
    }

    @Test
    void isValid_shouldRefuseATokenOfAnotherNode() {
        WriteTokens other = new WriteTokens(clock, EPOCH, new SecureRandom());

        assertThat(tokens.isValid(ISSUED_TO, other.issue(ISSUED_TO))).isFalse();
    }

    @Test
    void isValid_shouldRefuseTokensOfTheWrongLength() {
        byte[] token = tokens.issue(ISSUED_TO);
        byte[] longer = Arrays.copyOf(token, WriteTokens.TOKEN_BYTES + 1);
        byte[] shorter = Arrays.copyOf(token, WriteTokens.TOKEN_BYTES - 1);

        assertThat(tokens.isValid(ISSUED_TO, longer)).isFalse();
        assertThat(tokens.isValid(ISSUED_TO, shorter)).isFalse();
        assertThat(tokens.isValid(ISSUED_TO, new byte[0])).isFalse();
        assertThat(tokens.isValid(ISSUED_TO, null)).isFalse();
    }

    @Test
    void isValid_shouldRefuseATamperedToken() {
        byte[] token = tokens.issue(ISSUED_TO);
        token[0] ^= 1;

        assertThat(tokens.isValid(ISSUED_TO, token)).isFalse();
    }
}
