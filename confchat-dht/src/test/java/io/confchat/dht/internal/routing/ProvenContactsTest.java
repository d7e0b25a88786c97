package io.confchat.dht.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.dht.time.ManualScheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The proof cache: proofs bound to an address, expiring certificates, and seeds near a target. */
class ProvenContactsTest {
    private final Random random = new Random(11);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RoutingTable routing = new RoutingTable(randomId(), 20, scheduler);

    @Test
    void isProven_shouldHoldOnlyAtTheAddressThatProved() {
        ProvenContacts proven = new ProvenContacts(routing, 16, scheduler::nanoTime);
        Contact c = contact(randomId(), 4000);
        proven.add(c);

        assertThat(proven.isProven(c)).isTrue();
        assertThat(proven.isProven(new Contact(c.id(), address(4001)))).isFalse();
    }

    @Test
    void isProven_shouldEndWithTheCertificate() {
        ProvenContacts proven = new ProvenContacts(routing, 16, scheduler::nanoTime);
        Contact c = contact(randomId(), 4000);
        proven.add(c, Duration.ofMinutes(30));

        scheduler.advance(Duration.ofMinutes(29));
        assertThat(proven.isProven(c)).isTrue();
        scheduler.advance(Duration.ofMinutes(2));
        assertThat(proven.isProven(c)).isFalse();
        assertThat(proven.near(c.id(), 4)).as("no longer a seed").isEmpty();
    }

    @Test
    void near_shouldReturnTheClosestProvenContacts_closestFirst() {
        ProvenContacts proven = new ProvenContacts(routing, 4096, scheduler::nanoTime);
        List<Contact> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Contact c = contact(randomId(), 1000 + i);
            all.add(c);
            proven.add(c);
        }
        for (int round = 0; round < 50; round++) {
            NodeId target = randomId();
            List<Contact> expected = new ArrayList<>(all);
            expected.sort(Distance.byDistanceTo(target));

            List<Contact> near = proven.near(target, 20);

            assertThat(near).hasSize(20).isSortedAccordingTo(Distance.byDistanceTo(target));
            // seeds, not a result: the closest few are always there, the tail may be approximate
            assertThat(near).containsAll(expected.subList(0, 5));
        }
    }

    @Test
    void near_shouldForgetWhatTheCacheEvicted() {
        ProvenContacts proven = new ProvenContacts(routing, 8, scheduler::nanoTime);
        List<Contact> added = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Contact c = contact(randomId(), 1000 + i);
            added.add(c);
            proven.add(c);
        }
        Contact removed = added.get(99);
        proven.remove(removed);

        List<Contact> near = proven.near(randomId(), 100);

        assertThat(near).hasSize(7).doesNotContain(removed);
        assertThat(added.subList(92, 99)).containsExactlyInAnyOrderElementsOf(near);
    }

    private NodeId randomId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return NodeId.of(b);
    }

    private static Contact contact(NodeId id, int port) {
        return new Contact(id, address(port));
    }

    private static InetSocketAddress address(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
