package io.confchat.dht.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KBucketTest {
    private final Random random = new Random(5);
    private final KBucket bucket = new KBucket(3, 2, 0);
    private final Contact a = contact(1);
    private final Contact b = contact(2);
    private final Contact c = contact(3);

    @Test
    void addContactsTo_shouldFollowFailuresRecoveriesMovesAndRemovals() {
        bucket.append(a, 1);
        bucket.append(b, 2);
        assertThat(healthyAndFailing()).isEqualTo(List.of(List.of(a, b), List.of()));

        bucket.fail(b.id());
        assertThat(healthyAndFailing()).isEqualTo(List.of(List.of(a), List.of(b)));

        bucket.touch(b, 3);
        assertThat(healthyAndFailing()).isEqualTo(List.of(List.of(a, b), List.of()));

        Contact moved =
                new Contact(a.id(), new java.net.InetSocketAddress(a.address().getAddress(), 9));
        bucket.touch(moved, 4);
        bucket.remove(b.id(), 5);
        assertThat(healthyAndFailing()).isEqualTo(List.of(List.of(moved), List.of()));
    }

    private List<List<Contact>> healthyAndFailing() {
        List<Contact> healthy = new java.util.ArrayList<>();
        List<Contact> failing = new java.util.ArrayList<>();
        bucket.addContactsTo(healthy, failing);
        return List.of(healthy, failing);
    }

    @Test
    void append_shouldKeepLeastRecentlySeenFirst() {
        fill();

        assertThat(bucket.contacts()).containsExactly(a, b, c);
        assertThat(bucket.leastRecentlySeen()).isEqualTo(a);
        assertThat(bucket.isFull()).isTrue();
        assertThat(bucket.size()).isEqualTo(3);
    }

    @Test
    void touch_shouldMoveAContactToTheMostRecentEndWithItsNewAddress() {
        fill();
        Contact moved = new Contact(a.id(), new InetSocketAddress("127.0.0.1", 9999));

        bucket.touch(moved, 10);

        assertThat(bucket.contacts()).containsExactly(b, c, moved);
        assertThat(bucket.leastRecentlySeen()).isEqualTo(b);
        assertThat(bucket.get(a.id())).contains(moved);
        assertThat(bucket.lastChangedNanos()).isEqualTo(10);
    }

    @Test
    void touch_shouldResetTheFailureCount() {
        fill();
        bucket.fail(a.id());
        bucket.fail(a.id());

        bucket.touch(a, 1);

        assertThat(bucket.fail(a.id())).isEqualTo(1);
    }

    @Test
    void fail_shouldCountConsecutiveFailuresOfKnownContactsOnly() {
        fill();

        assertThat(bucket.fail(a.id())).isEqualTo(1);
        assertThat(bucket.fail(a.id())).isEqualTo(2);
        assertThat(bucket.fail(contact(9).id())).isZero();
    }

    @Test
    void remove_shouldPromoteTheNewestReplacement() {
        fill();
        Contact older = contact(4);
        Contact newer = contact(5);
        bucket.offerReplacement(older);
        bucket.offerReplacement(newer);

        assertThat(bucket.remove(a.id(), 20)).contains(newer);
        assertThat(bucket.remove(b.id(), 21)).contains(older);
        assertThat(bucket.remove(c.id(), 22)).isEmpty();

        assertThat(bucket.contacts()).containsExactly(newer, older);
        assertThat(bucket.hasReplacement()).isFalse();
        assertThat(bucket.lastChangedNanos()).isEqualTo(22);
    }

    @Test
    void offerReplacement_shouldDropTheOldestBeyondCapacity() {
        fill();
        Contact first = contact(4);
        Contact second = contact(5);
        Contact third = contact(6);
        bucket.offerReplacement(first);
        bucket.offerReplacement(second);
        bucket.offerReplacement(third);

        assertThat(bucket.remove(a.id(), 1)).contains(third);
        assertThat(bucket.remove(b.id(), 1)).contains(second);
        assertThat(bucket.remove(c.id(), 1)).isEmpty();
    }

    @Test
    void offerReplacement_shouldMakeARepeatedOfferTheNewest() {
        fill();
        Contact first = contact(4);
        Contact second = contact(5);
        bucket.offerReplacement(first);
        bucket.offerReplacement(second);
        bucket.offerReplacement(first);

        assertThat(bucket.remove(a.id(), 1)).contains(first);
    }

    @Test
    void offerReplacement_shouldNotCountAsAChange() {
        fill();

        bucket.offerReplacement(contact(4));

        assertThat(bucket.lastChangedNanos()).isEqualTo(0);
    }

    @Test
    void remove_ofAnUnknownContactShouldOnlyForgetItAsReplacement() {
        fill();
        Contact waiting = contact(4);
        bucket.offerReplacement(waiting);

        assertThat(bucket.remove(waiting.id(), 30)).isEmpty();

        assertThat(bucket.hasReplacement()).isFalse();
        assertThat(bucket.contacts()).containsExactly(a, b, c);
        assertThat(bucket.lastChangedNanos()).isEqualTo(0);
    }

    @Test
    void append_shouldTakeAContactOutOfTheReplacementCache() {
        Contact waiting = contact(4);
        bucket.offerReplacement(waiting);

        bucket.append(waiting, 5);

        assertThat(bucket.hasReplacement()).isFalse();
        assertThat(bucket.contacts()).containsExactly(waiting);
        assertThat(bucket.lastChangedNanos()).isEqualTo(5);
    }

    private void fill() {
        bucket.append(a, 0);
        bucket.append(b, 0);
        bucket.append(c, 0);
    }

    private Contact contact(int port) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return new Contact(NodeId.of(id), new InetSocketAddress("127.0.0.1", port));
    }
}
