package io.confchat.chat.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.dht.internal.stream.Relayed;
import io.confchat.dht.time.ManualScheduler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SessionChoiceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final byte[] SMALL_KEY = key(1);
    private static final byte[] LARGE_KEY = key(2);

    private final SessionSettings settings =
            new SessionSettings(null, new ManualScheduler(), new SecureRandom(), TIMEOUT, TIMEOUT, TIMEOUT, null);

    @Test
    void aFirstSessionIsKeptAndReplacesNothing() {
        SessionHandler fresh = session(true, false, LARGE_KEY);

        assertThat(SessionChoice.between(null, fresh, SMALL_KEY)).isEqualTo(new SessionChoice(fresh, null, false));
    }

    @Test
    void aClosedSessionIsReplacedWithoutAMove() {
        SessionHandler old = session(true, false, LARGE_KEY);
        old.supersede(Duration.ZERO);
        SessionHandler fresh = session(false, false, LARGE_KEY);

        assertThat(SessionChoice.between(old, fresh, SMALL_KEY)).isEqualTo(new SessionChoice(fresh, null, false));
    }

    @Test
    void ofSimultaneousDialsTheSmallerDialerKeyStaysOnBothSides() {
        // I (small key) dialed `mine`; the peer (large key) dialed `theirs`
        SessionHandler mine = session(true, false, LARGE_KEY);
        SessionHandler theirs = session(false, false, LARGE_KEY);

        assertThat(SessionChoice.between(mine, theirs, SMALL_KEY)).isEqualTo(new SessionChoice(mine, theirs, false));
        assertThat(SessionChoice.between(theirs, mine, SMALL_KEY)).isEqualTo(new SessionChoice(mine, theirs, false));
        // the peer's view: its own dial is `theirs` seen as an initiator, keyed by its large key
        SessionHandler peersOwn = session(true, false, SMALL_KEY);
        SessionHandler peersAccepted = session(false, false, SMALL_KEY);
        assertThat(SessionChoice.between(peersOwn, peersAccepted, LARGE_KEY).kept())
                .isSameAs(peersAccepted);
    }

    @Test
    void aNewerSessionDialedBySameSideIsAMove() {
        SessionHandler old = session(false, false, SMALL_KEY);
        SessionHandler redial = session(false, false, SMALL_KEY);

        assertThat(SessionChoice.between(old, redial, LARGE_KEY)).isEqualTo(new SessionChoice(redial, old, true));
    }

    @Test
    void directBeatsRelayedWhoeverDialed() {
        SessionHandler relayed = session(true, true, LARGE_KEY);
        SessionHandler direct = session(false, false, LARGE_KEY);

        assertThat(SessionChoice.between(relayed, direct, SMALL_KEY))
                .isEqualTo(new SessionChoice(direct, relayed, true));
        assertThat(SessionChoice.between(direct, relayed, SMALL_KEY))
                .isEqualTo(new SessionChoice(direct, relayed, false));
    }

    private SessionHandler session(boolean initiator, boolean relayed, byte[] peerKey) {
        EmbeddedChannel channel = new EmbeddedChannel();
        if (relayed) {
            channel.attr(Relayed.RELAY).set(new InetSocketAddress("127.0.0.1", 9));
        }
        SessionIdentity.Peer peer = new SessionIdentity.Peer("peer", peerKey);
        return new SessionHandler(channel, peer, "me", initiator, false, settings, e -> {});
    }

    private static byte[] key(int first) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) first);
        return key;
    }
}
