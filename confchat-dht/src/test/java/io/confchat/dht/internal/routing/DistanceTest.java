package io.confchat.dht.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DistanceTest {
    private final Random random = new Random(11);

    @Test
    void compare_shouldOrderByXorDistance() {
        for (int i = 0; i < 1_000; i++) {
            NodeId target = randomId();
            NodeId a = randomId();
            NodeId b = randomId();

            int expected = xor(target, a).compareTo(xor(target, b));

            assertThat(Integer.signum(Distance.compare(target, a, b))).isEqualTo(Integer.signum(expected));
        }
    }

    @Test
    void compare_shouldBeAntisymmetricAndZeroOnlyForEqualIds() {
        for (int i = 0; i < 1_000; i++) {
            NodeId target = randomId();
            NodeId a = randomId();
            NodeId b = randomId();

            assertThat(Integer.signum(Distance.compare(target, a, b)))
                    .isEqualTo(-Integer.signum(Distance.compare(target, b, a)));
            assertThat(Distance.compare(target, a, a)).isZero();
            assertThat(Distance.compare(target, a, b)).isNotZero();
        }
    }

    @Test
    void compare_shouldOrderByXorDistance_whenIdsShareTheirFirstEightBytesOrMore() {
        for (int i = 0; i < 1_000; i++) {
            NodeId target = randomId();
            int shared = 8 + random.nextInt(24); // bytes the ids share with each other
            byte[] prefix = new byte[32];
            random.nextBytes(prefix);
            NodeId a = sharing(prefix, shared);
            NodeId b = sharing(prefix, shared);

            int expected = xor(target, a).compareTo(xor(target, b));

            assertThat(Integer.signum(Distance.compare(target, a, b))).isEqualTo(Integer.signum(expected));
        }
    }

    private NodeId sharing(byte[] prefix, int shared) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        System.arraycopy(prefix, 0, b, 0, shared);
        return NodeId.of(b);
    }

    @Test
    void sort_shouldOrderARangeAsTheComparatorDoes_andLeaveTheRestAlone() throws Exception {
        for (int round = 0; round < 200; round++) {
            NodeId target = randomId();
            List<Contact> contacts = new ArrayList<>();
            byte[] prefix = new byte[32];
            random.nextBytes(prefix);
            for (int i = 0; i < 2 + random.nextInt(60); i++) {
                // some share 8+ bytes with each other, so ties of the leading 64 bits are broken too
                NodeId id = random.nextBoolean() ? sharing(prefix, 8 + random.nextInt(20)) : randomId();
                contacts.add(new Contact(id, new InetSocketAddress(InetAddress.getLoopbackAddress(), 1000 + i)));
            }
            int from = random.nextInt(contacts.size());
            int to = from + random.nextInt(contacts.size() - from + 1);
            List<Contact> expected = new ArrayList<>(contacts);
            expected.subList(from, to).sort(Distance.byDistanceTo(target));

            Distance.sort(contacts, from, to, target);

            assertThat(contacts).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void closest_shouldBeTheFirstNOfASortByDistance() {
        for (int round = 0; round < 300; round++) {
            NodeId target = randomId();
            byte[] prefix = new byte[32];
            random.nextBytes(prefix);
            int count = random.nextInt(90);
            Contact[] contacts = new Contact[count + random.nextInt(5)]; // slots past count stay empty
            for (int i = 0; i < count; i++) {
                // some share 8+ bytes with each other, so ties of the leading 64 bits are broken too
                NodeId id = random.nextBoolean() ? sharing(prefix, 8 + random.nextInt(20)) : randomId();
                contacts[i] = new Contact(id, new InetSocketAddress(InetAddress.getLoopbackAddress(), 1000 + i));
            }
            int n = random.nextInt(30);
            List<Contact> sorted = new ArrayList<>(Arrays.asList(contacts).subList(0, count));
            sorted.sort(Distance.byDistanceTo(target));

            List<Contact> closest = Distance.closest(contacts, count, target, n);

            assertThat(closest).containsExactlyElementsOf(sorted.subList(0, Math.min(n, count)));
        }
    }

    @Test
    void compare_shouldPutTheTargetItselfClosest() {
        NodeId target = randomId();

        for (int i = 0; i < 100; i++) {
            assertThat(Distance.compare(target, target, randomId())).isNegative();
        }
    }

    @Test
    void compare_shouldDecideOnTheFirstDifferingBit() {
        NodeId target = NodeId.of(new byte[32]);
        NodeId highBit = withBitSet(new byte[32], 0);
        byte[] allLowBits = new byte[32];
        Arrays.fill(allLowBits, (byte) 0xff);
        allLowBits[0] = 0x7f;

        assertThat(Distance.compare(target, NodeId.of(allLowBits), highBit)).isNegative();
    }

    @Test
    void commonPrefixLength_shouldBe256ForEqualIds() {
        NodeId a = randomId();

        assertThat(Distance.commonPrefixLength(a, NodeId.of(a.bytes()))).isEqualTo(256);
    }

    @Test
    void commonPrefixLength_shouldBeZeroWhenTheFirstBitDiffers() {
        NodeId zero = NodeId.of(new byte[32]);

        assertThat(Distance.commonPrefixLength(zero, withBitSet(new byte[32], 0)))
                .isZero();
    }

    @Test
    void commonPrefixLength_shouldBe255WhenOnlyTheLastBitDiffers() {
        NodeId a = randomId();

        assertThat(Distance.commonPrefixLength(a, withBitFlipped(a, 255))).isEqualTo(255);
    }

    @Test
    void commonPrefixLength_shouldBeTheIndexOfTheFirstDifferingBit() {
        for (int bit = 0; bit < 256; bit++) {
            NodeId a = randomId();
            NodeId b = withBitFlipped(a, bit);

            assertThat(Distance.commonPrefixLength(a, b)).as("bit %d", bit).isEqualTo(bit);
            assertThat(Distance.commonPrefixLength(b, a)).as("bit %d", bit).isEqualTo(bit);
        }
    }

    @Test
    void byDistanceTo_shouldSortLikeABruteForceXorReference() {
        NodeId target = randomId();
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            contacts.add(new Contact(randomId(), new InetSocketAddress("127.0.0.1", 1 + i)));
        }
        List<Contact> expected = new ArrayList<>(contacts);
        expected.sort(Comparator.comparing(c -> xor(target, c.id())));

        contacts.sort(Distance.byDistanceTo(target));

        assertThat(contacts).containsExactlyElementsOf(expected);
    }

    @Test
    void idsByDistanceTo_shouldSortLikeABruteForceXorReference() {
        NodeId target = randomId();
        List<NodeId> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(randomId());
        }
        List<NodeId> expected = new ArrayList<>(ids);
        expected.sort(Comparator.comparing(id -> xor(target, id)));

        ids.sort(Distance.idsByDistanceTo(target));

        assertThat(ids).containsExactlyElementsOf(expected);
    }

    /** The XOR distance as an unsigned 256-bit number: the reference the comparator must agree with. */
    static BigInteger xor(NodeId a, NodeId b) {
        return new BigInteger(1, a.bytes()).xor(new BigInteger(1, b.bytes()));
    }

    private NodeId randomId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return NodeId.of(b);
    }

    private static NodeId withBitSet(byte[] bytes, int bit) {
        bytes[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        return NodeId.of(bytes);
    }

    private static NodeId withBitFlipped(NodeId id, int bit) {
        byte[] b = id.bytes();
        b[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        return NodeId.of(b);
    }
}
