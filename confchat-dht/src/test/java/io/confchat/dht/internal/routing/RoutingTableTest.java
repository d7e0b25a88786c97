package io.confchat.dht.internal.routing;

import static io.confchat.dht.internal.routing.AddResult.Outcome.ADDED;
import static io.confchat.dht.internal.routing.AddResult.Outcome.BUCKET_FULL;
import static io.confchat.dht.internal.routing.AddResult.Outcome.REJECTED;
import static io.confchat.dht.internal.routing.AddResult.Outcome.SELF;
import static io.confchat.dht.internal.routing.AddResult.Outcome.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.dht.time.ManualScheduler;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The routing table's rules. Addresses are only {@link InetAddress} values in memory: nothing is
 * sent anywhere.
 */
class RoutingTableTest {
    private static final int K = 4;

    private final Random random = new Random(3);
    private final ManualScheduler clock = new ManualScheduler();
    private final NodeId self = randomId();
    private final RoutingTable table = new RoutingTable(self, K, clock);
    private int nextPort = 1;

    @Test
    void evict_remembersTheContactAsDormant_untilItAnswersOrRunsOutOfTries() {
        Contact gone = local(idInBucket(0));
        Contact back = local(idInBucket(1));
        table.add(gone);
        table.add(back);
        table.evict(gone.id());
        table.evict(back.id());

        assertThat(table.takeDormant(8)).containsExactly(gone, back);
        table.dormantAnswered(back.id());
        for (int i = 0; i < RoutingTable.DORMANT_TRIES; i++) {
            assertThat(table.takeDormant(8)).containsExactly(gone);
            table.dormantSilent(gone);
        }
        assertThat(table.takeDormant(8)).isEmpty();
    }

    @Test
    void add_shouldReturnSelfForTheOwnId() {
        AddResult result = table.add(local(self));

        assertThat(result.outcome()).isEqualTo(SELF);
        assertThat(table.size()).isZero();
    }

    @Test
    void add_shouldReturnAddedForANewContactAndUpdatedForAKnownOne() {
        Contact c = local(idInBucket(0));

        assertThat(table.add(c)).isEqualTo(new AddResult(ADDED, Optional.empty()));
        assertThat(table.add(c).outcome()).isEqualTo(UPDATED);
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.get(c.id())).contains(c);
    }

    @Test
    void add_shouldTakeTheNewAddressOfAKnownContact() {
        NodeId id = idInBucket(3);
        table.add(local(id));
        Contact moved = new Contact(id, new InetSocketAddress("127.0.0.2", 7000));

        assertThat(table.add(moved).outcome()).isEqualTo(UPDATED);
        assertThat(table.get(id)).contains(moved);
    }

    @Test
    void add_shouldReportBucketFullWithTheLeastRecentlySeenContact() {
        List<Contact> bucket = fillBucket(0);
        Contact newcomer = local(idInBucket(0));

        AddResult result = table.add(newcomer);

        assertThat(result.outcome()).isEqualTo(BUCKET_FULL);
        assertThat(result.evictionCandidate()).contains(bucket.get(0));
        assertThat(table.get(newcomer.id())).isEmpty();
        assertThat(table.size()).isEqualTo(K);
        assertThat(table.wouldAdmit(newcomer.id())).isFalse();
        assertThat(table.wouldAdmit(bucket.get(0).id())).isTrue();
    }

    @Test
    void add_shouldMakeAReAddedContactTheMostRecentSoAnotherBecomesTheCandidate() {
        List<Contact> bucket = fillBucket(0);

        assertThat(table.add(bucket.get(0)).outcome()).isEqualTo(UPDATED);
        AddResult result = table.add(local(idInBucket(0)));

        assertThat(result.evictionCandidate()).contains(bucket.get(1));
    }

    @Test
    void evict_shouldPromoteTheNewestReplacement() {
        List<Contact> bucket = fillBucket(0);
        Contact older = local(idInBucket(0));
        Contact newer = local(idInBucket(0));
        table.add(older);
        table.add(newer);

        assertThat(table.evict(bucket.get(0).id())).contains(newer);
        assertThat(table.evict(bucket.get(1).id())).contains(older);
        assertThat(table.evict(bucket.get(2).id())).isEmpty();

        assertThat(table.contacts()).containsExactlyInAnyOrder(bucket.get(3), newer, older);
    }

    @Test
    void recordFailure_shouldEvictAfterFailuresBeforeReplacementWhenAReplacementWaits() {
        List<Contact> bucket = fillBucket(0);
        Contact waiting = local(idInBucket(0));
        table.add(waiting);
        Contact failing = bucket.get(2);

        for (int i = 1; i < RoutingTable.FAILURES_BEFORE_REPLACEMENT; i++) {
            table.recordFailure(failing);
        }
        assertThat(table.get(failing.id())).isPresent();

        table.recordFailure(failing);

        assertThat(table.get(failing.id())).isEmpty();
        assertThat(table.get(waiting.id())).contains(waiting);
    }

    @Test
    void recordFailure_shouldEvictAfterMaxFailuresWithoutReplacement() {
        Contact c = local(idInBucket(0));
        table.add(c);

        for (int i = 1; i < RoutingTable.MAX_FAILURES; i++) {
            table.recordFailure(c);
        }
        assertThat(table.get(c.id())).isPresent();

        table.recordFailure(c);

        assertThat(table.get(c.id())).isEmpty();
        assertThat(table.size()).isZero();
    }

    @Test
    void recordFailure_shouldStartOverAfterTheContactIsSeenAgain() {
        Contact c = local(idInBucket(0));
        table.add(c);
        for (int i = 1; i < RoutingTable.MAX_FAILURES; i++) {
            table.recordFailure(c);
        }

        table.add(c);
        for (int i = 1; i < RoutingTable.MAX_FAILURES; i++) {
            table.recordFailure(c);
        }

        assertThat(table.get(c.id())).isPresent();
    }

    @Test
    void recordFailure_shouldIgnoreSelfAndUnknownIds() {
        table.recordFailure(local(self));
        table.recordFailure(local(idInBucket(0)));

        assertThat(table.size()).isZero();
    }

    @Test
    void recordFailure_shouldIgnoreAKnownIdAtAnotherAddress() {
        Contact c = local(idInBucket(0));
        table.add(c);
        Contact forged = new Contact(c.id(), new InetSocketAddress(c.address().getAddress(), 9));

        for (int i = 0; i < RoutingTable.MAX_FAILURES + 1; i++) {
            table.recordFailure(forged);
        }

        assertThat(table.get(c.id())).contains(c);
    }

    // ---- which strangers are worth an identity proof -------------------------------------------

    @Test
    void wouldAdmit_shouldTakeStrangersWhileTheReplacementCacheHasRoom_thenOnlyWhenTheOldestIsSilent() {
        fillBucket(0);
        fillReplacements(0);

        assertThat(table.wouldAdmit(idInBucket(0))).isFalse();
        assertThat(table.wouldAdmit(idInBucket(1))).isTrue(); // an empty bucket takes anyone
        clock.advance(RoutingTable.QUESTION_OLDEST_AFTER);
        assertThat(table.wouldAdmit(idInBucket(0))).isTrue();
    }

    @Test
    void wouldAdmit_shouldAskAtMostOneQuestionPerBucketPerGap_howeverManyStrangersCome() {
        List<Contact> bucket = fillBucket(0);
        fillReplacements(0);
        clock.advance(RoutingTable.QUESTION_OLDEST_AFTER);

        assertThat(table.mayQuestionOldest(idInBucket(0))).contains(bucket.get(0));
        table.add(bucket.get(0)); // it answered: now the most recently seen

        assertThat(table.mayQuestionOldest(idInBucket(0))).isEmpty();
        for (int i = 0; i < 10; i++) {
            assertThat(table.wouldAdmit(idInBucket(0))).isFalse();
        }
        clock.advance(RoutingTable.QUESTION_GAP);
        assertThat(table.wouldAdmit(idInBucket(0))).isTrue();
        assertThat(table.mayQuestionOldest(idInBucket(0))).contains(bucket.get(1));
    }

    @Test
    void mayQuestionOldest_shouldAllowTheNextQuestionAtOnce_whenTheLastOneWentUnanswered() {
        List<Contact> bucket = fillBucket(0);
        fillReplacements(0);
        clock.advance(RoutingTable.QUESTION_OLDEST_AFTER);
        assertThat(table.mayQuestionOldest(idInBucket(0))).contains(bucket.get(0));

        table.questionUnanswered(bucket.get(0).id());
        table.recordFailure(bucket.get(0)); // a replacement waits: the silent contact gives way

        assertThat(table.get(bucket.get(0).id())).isEmpty();
        assertThat(table.mayQuestionOldest(idInBucket(0))).contains(bucket.get(1));
    }

    // ---- IP diversity ------------------------------------------------------------------------

    @Test
    void add_shouldRejectAThirdContactOfOnePublic24InABucket() {
        assertThat(table.add(publicContact(idInBucket(0), 203, 0, 113, 1)).outcome())
                .isEqualTo(ADDED);
        assertThat(table.add(publicContact(idInBucket(0), 203, 0, 113, 2)).outcome())
                .isEqualTo(ADDED);

        assertThat(table.add(publicContact(idInBucket(0), 203, 0, 113, 3)).outcome())
                .isEqualTo(REJECTED);
        assertThat(table.add(publicContact(idInBucket(0), 203, 0, 114, 3)).outcome())
                .isEqualTo(ADDED);
        assertThat(table.add(publicContact(idInBucket(1), 203, 0, 113, 3)).outcome())
                .isEqualTo(ADDED);
    }

    @Test
    void add_shouldRejectAnEleventhContactOfOnePublic24InTheTable() {
        int host = 1;
        for (int bucket = 0; bucket < 5; bucket++) {
            for (int i = 0; i < IpDiversity.PER_BUCKET; i++) {
                assertThat(table.add(publicContact(idInBucket(bucket), 198, 51, 100, host++))
                                .outcome())
                        .isEqualTo(ADDED);
            }
        }

        AddResult eleventh = table.add(publicContact(idInBucket(5), 198, 51, 100, host));

        assertThat(eleventh.outcome()).isEqualTo(REJECTED);
        assertThat(table.size()).isEqualTo(IpDiversity.PER_TABLE);
    }

    @Test
    void add_shouldRejectBeforeOfferingAReplacement() {
        fillBucket(0);
        table.add(publicContact(idInBucket(1), 203, 0, 113, 1));
        table.add(publicContact(idInBucket(1), 203, 0, 113, 2));

        assertThat(table.add(publicContact(idInBucket(1), 203, 0, 113, 3)).outcome())
                .isEqualTo(REJECTED);
    }

    @Test
    void evict_shouldFreeTheSlotOfItsPrefix() {
        Contact first = publicContact(idInBucket(0), 203, 0, 113, 1);
        table.add(first);
        table.add(publicContact(idInBucket(0), 203, 0, 113, 2));

        table.evict(first.id());

        assertThat(table.add(publicContact(idInBucket(0), 203, 0, 113, 3)).outcome())
                .isEqualTo(ADDED);
    }

    @Test
    void add_shouldLetAKnownContactChangePortWithinAFull24() {
        Contact first = publicContact(idInBucket(0), 203, 0, 113, 1);
        table.add(first);
        table.add(publicContact(idInBucket(0), 203, 0, 113, 2));
        Contact rebound =
                new Contact(first.id(), new InetSocketAddress(first.address().getAddress(), 4001));

        assertThat(table.add(rebound).outcome()).isEqualTo(UPDATED);
        assertThat(table.get(first.id())).contains(rebound);
    }

    @Test
    void evict_shouldNotPromoteReplacementsBeyondThePerBucketLimit() {
        List<Contact> bucket = fillBucket(0);
        for (int host = 1; host <= K; host++) {
            assertThat(table.add(publicContact(idInBucket(0), 203, 0, 113, host))
                            .outcome())
                    .isEqualTo(BUCKET_FULL);
        }

        for (Contact c : bucket) {
            table.evict(c.id());
        }

        long samePrefix = table.contacts().stream()
                .filter(c -> c.address().getAddress().getAddress()[0] == (byte) 203)
                .count();
        assertThat(samePrefix).isLessThanOrEqualTo(IpDiversity.PER_BUCKET);
    }

    @Test
    void add_shouldExemptLoopbackAndPrivateRanges() {
        RoutingTable wide = new RoutingTable(self, 20, clock);
        int[][] exemptPrefixes = {{127, 0, 0}, {10, 1, 2}, {192, 168, 1}, {172, 16, 5}, {100, 64, 0}};

        for (int bucket = 0; bucket < exemptPrefixes.length; bucket++) {
            int[] p = exemptPrefixes[bucket];
            for (int host = 1; host <= IpDiversity.PER_TABLE + 2; host++) {
                Contact c = publicContact(idInBucket(bucket), p[0], p[1], p[2], host);
                assertThat(wide.add(c).outcome()).as("%s", c).isEqualTo(ADDED);
            }
        }
    }

    // ---- lookups and refresh -----------------------------------------------------------------

    @Test
    void closest_shouldMatchABruteForceXorSort() {
        RoutingTable big = new RoutingTable(self, 20, clock);
        for (int i = 0; i < 500; i++) {
            big.add(local(randomId()));
        }

        for (int i = 0; i < 50; i++) {
            NodeId target = randomId();
            List<Contact> expected = new ArrayList<>(big.contacts());
            expected.sort(Comparator.comparing(c -> DistanceTest.xor(target, c.id())));

            assertThat(big.closest(target, 20)).containsExactlyElementsOf(expected.subList(0, 20));
        }
        assertThat(big.closest(self, 1_000)).hasSize(big.size());
    }

    @Test
    void closest_shouldMatchABruteForceXorSort_forTargetsNearSelfAndEveryN() {
        RoutingTable spread = new RoutingTable(self, 20, clock);
        for (int i = 0; i < 400; i++) {
            spread.add(local(spread.randomIdInBucket(random.nextInt(24), random)));
        }
        List<NodeId> targets = new ArrayList<>(List.of(self));
        for (int bucket = 0; bucket < 30; bucket++) {
            targets.add(spread.randomIdInBucket(bucket, random));
        }

        for (NodeId target : targets) {
            List<Contact> expected = new ArrayList<>(spread.contacts());
            expected.sort(Comparator.comparing(c -> DistanceTest.xor(target, c.id())));
            for (int n : new int[] {1, 3, 20, 57, expected.size(), expected.size() + 5}) {
                assertThat(spread.closest(target, n))
                        .as("target %s, n %d", target, n)
                        .containsExactlyElementsOf(expected.subList(0, Math.min(n, expected.size())));
            }
        }
    }

    @Test
    void randomIdInBucket_shouldLandInThatBucket() {
        for (int bucket = 0; bucket < 256; bucket++) {
            for (int draw = 0; draw < 4; draw++) {
                NodeId id = table.randomIdInBucket(bucket, random);

                assertThat(Distance.commonPrefixLength(self, id))
                        .as("bucket %d", bucket)
                        .isEqualTo(bucket);
            }
        }
    }

    @Test
    void idleBuckets_shouldListNonEmptyBucketsUnchangedForTheIdlePeriod() {
        Duration hour = Duration.ofHours(1);
        clock.advance(Duration.ofHours(2));
        assertThat(table.idleBuckets(hour)).isEmpty();

        table.add(local(idInBucket(0)));
        clock.advance(Duration.ofMinutes(30));
        Contact recent = local(idInBucket(1));
        table.add(recent);
        clock.advance(Duration.ofMinutes(31));

        assertThat(table.idleBuckets(hour)).containsExactly(0);

        clock.advance(Duration.ofMinutes(30));
        assertThat(table.idleBuckets(hour)).containsExactly(0, 1);

        table.markRefreshed(idInBucket(0));
        table.add(recent);
        assertThat(table.idleBuckets(hour)).isEmpty();
    }

    @Test
    void deepestBucket_shouldBeTheDeepestNonEmptyOne() {
        assertThat(table.deepestBucket()).isEqualTo(-1);

        table.add(local(idInBucket(2)));
        Contact deep = local(idInBucket(17));
        table.add(deep);

        assertThat(table.deepestBucket()).isEqualTo(17);
        table.evict(deep.id());
        assertThat(table.deepestBucket()).isEqualTo(2);
    }

    @Test
    void closest_shouldNotServeARememberedAnswer_afterTheTableChanged() {
        Contact far = local(idInBucket(0));
        Contact near = local(idInBucket(5));
        table.add(far);
        table.add(near);
        NodeId target = self;
        assertThat(table.closest(target, 3)).containsExactly(near, far);
        assertThat(table.closest(target, 3)).as("remembered").containsExactly(near, far);

        Contact nearer = local(idInBucket(9));
        table.add(nearer);
        assertThat(table.closest(target, 3)).as("a contact added").containsExactly(nearer, near, far);

        table.recordFailure(nearer);
        assertThat(table.closest(target, 3)).as("a contact failing").containsExactly(near, far, nearer);

        table.add(nearer); // answered again
        assertThat(table.closest(target, 3)).as("failing no more").containsExactly(nearer, near, far);
        table.evict(near.id());
        assertThat(table.closest(target, 3)).as("a contact evicted").containsExactly(nearer, far);

        List<Contact> mine = table.closest(target, 3);
        mine.clear();
        assertThat(table.closest(target, 3)).as("the caller's own list").containsExactly(nearer, far);
    }

    @Test
    void closestDiverse_shouldBeWhatDiversityAdmitsOfTheClosest_andFollowChanges() {
        // one /24 in several buckets (at most 2 per bucket may enter), and other networks
        for (int bucket = 0; bucket < 4; bucket++) {
            table.add(publicContact(idInBucket(bucket), 198, 51, 100, 2 * bucket + 1));
            table.add(publicContact(idInBucket(bucket), 198, 51, 100, 2 * bucket + 2));
            table.add(publicContact(idInBucket(bucket), 203, 0, bucket, 1));
        }
        NodeId target = randomId();
        List<Contact> expected = new ArrayList<>();
        Diversity diversity = new Diversity();
        for (Contact c : table.closest(target, 12)) {
            if (diversity.admit(c)) {
                expected.add(c);
            }
        }
        assertThat(expected).hasSizeLessThan(12);

        assertThat(table.closestDiverse(target, 12)).containsExactlyElementsOf(expected);
        assertThat(table.closestDiverse(target, 12)).as("remembered").containsExactlyElementsOf(expected);

        Contact evicted = expected.get(0);
        table.evict(evicted.id());
        assertThat(table.closestDiverse(target, 12)).as("after a change").doesNotContain(evicted);
    }

    @Test
    void closest_shouldStillMatchABruteForceSort_afterTheDeepestBucketEmptied() {
        List<Contact> all = new ArrayList<>();
        for (int bucket = 0; bucket < 12; bucket++) {
            Contact c = local(idInBucket(bucket));
            table.add(c);
            all.add(c);
        }
        table.evict(all.remove(all.size() - 1).id());
        // a target next to this node: the walk must not stop before the shallow buckets
        NodeId target = idInBucket(200);

        List<Contact> expected = new ArrayList<>(all);
        expected.sort(Distance.byDistanceTo(target));
        assertThat(table.closest(target, 20)).containsExactlyElementsOf(expected);
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Fills the replacement cache of a full bucket; each stranger is worth a proof until then. */
    private void fillReplacements(int bucket) {
        for (int i = 0; i < K; i++) {
            NodeId stranger = idInBucket(bucket);
            assertThat(table.wouldAdmit(stranger)).isTrue();
            assertThat(table.add(local(stranger)).outcome()).isEqualTo(BUCKET_FULL);
            assertThat(table.wouldAdmit(stranger)).isFalse(); // waiting: no second proof
        }
    }

    private List<Contact> fillBucket(int bucket) {
        List<Contact> added = new ArrayList<>();
        for (int i = 0; i < K; i++) {
            Contact c = local(idInBucket(bucket));
            assertThat(table.add(c).outcome()).isEqualTo(ADDED);
            added.add(c);
        }
        return added;
    }

    /** A random id sharing exactly {@code bucket} leading bits with {@code self}. */
    private NodeId idInBucket(int bucket) {
        int freeBits = 255 - bucket;
        BigInteger distance = BigInteger.ONE.shiftLeft(freeBits).add(new BigInteger(freeBits, random));
        byte[] raw = new BigInteger(1, self.bytes()).xor(distance).toByteArray();
        byte[] id = new byte[32];
        int copy = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - copy, id, 32 - copy, copy);
        return NodeId.of(id);
    }

    private NodeId randomId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return NodeId.of(b);
    }

    private Contact local(NodeId id) {
        return new Contact(id, new InetSocketAddress(InetAddress.getLoopbackAddress(), nextPort++));
    }

    private Contact publicContact(NodeId id, int a, int b, int c, int d) {
        try {
            InetAddress ip = InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
            return new Contact(id, new InetSocketAddress(ip, 4000));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
