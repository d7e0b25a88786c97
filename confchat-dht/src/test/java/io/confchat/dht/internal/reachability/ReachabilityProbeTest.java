package io.confchat.dht.internal.reachability;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.dht.Reachability;
import io.confchat.dht.internal.reachability.proto.DialStatus;
import io.confchat.dht.time.ManualScheduler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The probe's rounds on manual time, with servers played by hand: a dial-back that really arrives
 * makes the node public, servers that dial but whose dial-backs never arrive make it private,
 * refusals change nothing; a server claiming it dialed cannot make the node public.
 */
class ReachabilityProbeTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final DialBackNonces nonces = new DialBackNonces(new SecureRandom());
    private final List<Reachability> changes = new ArrayList<>();
    private final Map<InetSocketAddress, Server> servers = new HashMap<>();
    private final List<InetSocketAddress> asked = new ArrayList<>();

    /** How a played server answers. */
    private enum Server {
        /** Dials back; both dial-backs arrive. */
        REACHES_US,
        /** Only the TCP dial-back arrives (UDP filtered). */
        TCP_ONLY,
        /** Says it dialed, nothing arrives (a NAT drops it, or the server lies). */
        BLOCKED,
        /** Refuses (rate limits). */
        REFUSES
    }

    private final ReachabilityProbe probe = new ReachabilityProbe(
            scheduler, new SecureRandom(), nonces, this::ask, this::contacts, () -> 4000, changes::add);

    private CompletableFuture<DialStatus> ask(InetSocketAddress server, byte[] nonce, int port) {
        asked.add(server);
        switch (servers.get(server)) {
            case REACHES_US -> {
                nonces.arrivedUdp(nonce);
                nonces.arrivedTcp(nonce);
                return CompletableFuture.completedFuture(DialStatus.DIAL_STATUS_DIALED);
            }
            case TCP_ONLY -> {
                nonces.arrivedTcp(nonce);
                return CompletableFuture.completedFuture(DialStatus.DIAL_STATUS_DIALED);
            }
            case BLOCKED -> {
                return CompletableFuture.completedFuture(DialStatus.DIAL_STATUS_DIALED);
            }
            default -> {
                return CompletableFuture.completedFuture(DialStatus.DIAL_STATUS_REFUSED);
            }
        }
    }

    private List<Contact> contacts() {
        List<Contact> out = new ArrayList<>();
        int i = 0;
        for (InetSocketAddress a : servers.keySet()) {
            byte[] id = new byte[32];
            id[0] = (byte) i++;
            out.add(new Contact(NodeId.of(id), a));
        }
        return out;
    }

    private Reachability round() {
        return scheduler.await(probe.round(), Duration.ofSeconds(5));
    }

    @Test
    void oneRealDialBack_makesTheNodePublic() {
        servers.put(new InetSocketAddress("203.0.113.10", 4000), Server.BLOCKED);
        servers.put(new InetSocketAddress("198.51.100.10", 4000), Server.REACHES_US);
        assertThat(round()).isEqualTo(Reachability.PUBLIC);
        assertThat(changes).containsExactly(Reachability.PUBLIC);
    }

    @Test
    void dialBacksThatNeverArrive_makeTheNodePrivate_evenWhenServersClaimTheyDialed() {
        servers.put(new InetSocketAddress("203.0.113.10", 4000), Server.BLOCKED);
        servers.put(new InetSocketAddress("198.51.100.10", 4000), Server.BLOCKED);
        assertThat(round()).isEqualTo(Reachability.PRIVATE);
    }

    @Test
    void tcpWithoutUdp_isNotEnoughForADhtServer() {
        servers.put(new InetSocketAddress("203.0.113.10", 4000), Server.TCP_ONLY);
        assertThat(round()).isEqualTo(Reachability.PRIVATE);
    }

    @Test
    void refusals_changeNothing_andARetryFollows() {
        servers.put(new InetSocketAddress("203.0.113.10", 4000), Server.REFUSES);
        assertThat(round()).isEqualTo(Reachability.UNKNOWN);
        assertThat(changes).isEmpty();
        servers.put(new InetSocketAddress("203.0.113.10", 4000), Server.REACHES_US);
        scheduler.advance(ReachabilityProbe.RETRY.plusSeconds(1));
        assertThat(probe.current()).isEqualTo(Reachability.PUBLIC);
    }

    @Test
    void roundsThatLearnNothing_backOff_upToTheRecheckInterval() {
        servers.put(new InetSocketAddress("203.0.113.10", 4000), Server.REFUSES);
        probe.start();
        scheduler.advance(Duration.ofHours(1));
        int inTheFirstHour = asked.size();
        asked.clear();
        scheduler.advance(Duration.ofHours(1));

        assertThat(inTheFirstHour)
                .as("every 10 s for a minute, then 20 s, 40 s, ... up to 10 min")
                .isBetween(14, 18);
        assertThat(asked).hasSize((int) (Duration.ofHours(1).toMinutes() / ReachabilityProbe.RECHECK.toMinutes()));
    }

    @Test
    void aRoundAsksAtMostThreeServers_inDifferentNetworksFirst() {
        servers.put(new InetSocketAddress("203.0.113.10", 4000), Server.BLOCKED);
        servers.put(new InetSocketAddress("203.0.113.11", 4000), Server.BLOCKED);
        servers.put(new InetSocketAddress("203.0.113.12", 4000), Server.BLOCKED);
        servers.put(new InetSocketAddress("198.51.100.10", 4000), Server.BLOCKED);
        servers.put(new InetSocketAddress("192.0.2.10", 4000), Server.BLOCKED);
        round();
        assertThat(asked).hasSize(ReachabilityProbe.SERVERS);
        assertThat(asked.stream().map(a -> a.getAddress().getHostAddress().substring(0, 7)))
                .as("one per /24 before a second of any")
                .doesNotHaveDuplicates();
    }

    @Test
    void noContacts_noVerdict() {
        assertThat(round()).isEqualTo(Reachability.UNKNOWN);
        assertThat(asked).isEmpty();
    }
}
