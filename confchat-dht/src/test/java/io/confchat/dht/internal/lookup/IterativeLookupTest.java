package io.confchat.dht.internal.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.dht.internal.routing.Distance;
import io.confchat.dht.time.ManualScheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The lookup against a scripted network: every node knows everyone, some are dead or slow. */
class IterativeLookupTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SLOW_AFTER = Duration.ofMillis(100);
    private static final Duration LATENCY = Duration.ofMillis(10);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Random random = new Random(1);
    private final NodeId self = randomId();
    private final NodeId target = randomId();
    private final List<Contact> network = new ArrayList<>();
    private final Set<NodeId> dead = new HashSet<>();
    private final Set<NodeId> slow = new HashSet<>();
    private final Set<InetSocketAddress> lying = new HashSet<>();
    private final java.util.Map<InetSocketAddress, List<Contact>> extraReferrals = new java.util.HashMap<>();
    private final java.util.Map<Contact, Integer> asked = new java.util.HashMap<>();
    /** Contacts whose answers come with a proof to run (not proven before the lookup). */
    private final Set<NodeId> unproven = new HashSet<>();
    /** Unproven contacts that answer, but whose proof then shows they lied about their id. */
    private final Set<NodeId> failingProof = new HashSet<>();

    private final java.util.Map<NodeId, Integer> proofsRun = new java.util.HashMap<>();
    /** What a contact's answer says (its records, say); "v1" unless set. */
    private final java.util.Map<NodeId, String> says = new java.util.HashMap<>();

    private int queries;
    /** Whether the lookup is told which contacts are proven before they answer. */
    private boolean knownProven;

    IterativeLookupTest() {
        for (int i = 0; i < 200; i++) {
            network.add(contact(randomId(), i));
        }
    }

    @Test
    void run_shouldFindTheTrueKClosest_whenEveryoneAnswers() {
        LookupResult<Void> result = lookup(network.subList(0, 3));

        assertThat(result.closest()).containsExactlyElementsOf(trueClosest(20, Set.of()));
        assertThat(result.failed()).isZero();
        assertThat(result.hops()).isBetween(1, 10);
    }

    @Test
    void run_shouldSkipDeadContacts_andStillFindTheClosestAlive() {
        for (int i = 0; i < network.size(); i += 3) {
            dead.add(network.get(i).id());
        }
        LookupResult<Void> result = lookup(network.subList(0, 10));

        assertThat(result.closest()).containsExactlyElementsOf(trueClosest(20, dead));
        assertThat(result.failed()).isPositive();
    }

    @Test
    void run_shouldNotWaitOneTimeoutPerDeadContact() {
        List<Contact> closest = trueClosest(10, Set.of());
        closest.forEach(c -> dead.add(c.id()));
        long start = scheduler.nanoTime();

        LookupResult<Void> result = lookup(network.subList(0, 3));

        Duration took = Duration.ofNanos(scheduler.nanoTime() - start);
        assertThat(result.closest()).containsExactlyElementsOf(trueClosest(20, dead));
        // Ten dead contacts among the closest: sequential timeouts would take 10 x 2 s.
        assertThat(took).isLessThan(TIMEOUT.multipliedBy(2));
    }

    @Test
    void run_shouldStartTheNextQuery_whenOneIsSlow() {
        List<Contact> seeds = network.subList(0, 3);
        seeds.forEach(c -> slow.add(c.id()));

        LookupResult<Void> result = lookup(seeds);

        // All three seeds hang for 10 s; the lookup must have moved on long before.
        assertThat(result.closest()).hasSize(20);
        assertThat(queries).isGreaterThan(3);
    }

    @Test
    void run_shouldEndWithEmptyResult_whenNobodyAnswers() {
        network.forEach(c -> dead.add(c.id()));
        LookupResult<Void> result = lookup(network.subList(0, 5));

        assertThat(result.closest()).isEmpty();
        assertThat(result.failed()).isEqualTo(5);
    }

    @Test
    void endEarly_shouldStopOnceTheQuorumClosestAnswered_andAgree() {
        List<Contact> closest = trueClosest(20, Set.of());

        LookupResult<Void> result = lookupEndingEarly(network.subList(0, 3), 3, answers -> true);

        assertThat(result.closest()).startsWith(closest.subList(0, 3).toArray(Contact[]::new));
        assertThat(result.queried()).isLessThan(20);
    }

    @Test
    void endEarly_shouldWaitForTheKClosest_whenTheQuorumDisagrees() {
        LookupResult<Void> result = lookupEndingEarly(network.subList(0, 3), 3, answers -> false);

        assertThat(result.closest()).containsExactlyElementsOf(trueClosest(20, Set.of()));
    }

    @Test
    void endEarly_shouldNotBeBlockedBySlowContactsAmongTheClosest() {
        List<Contact> closest = trueClosest(20, Set.of());
        slow.add(closest.get(0).id());
        dead.add(closest.get(1).id());
        long start = scheduler.nanoTime();

        LookupResult<Void> result = lookupEndingEarly(network.subList(0, 3), 3, answers -> true);

        Duration took = Duration.ofNanos(scheduler.nanoTime() - start);
        // the slow one would take 10 s and the dead one a 2 s timeout; a few slowAfter are enough
        assertThat(took).isLessThan(TIMEOUT);
        assertThat(result.closest()).containsAll(closest.subList(2, 5)).doesNotContain(closest.get(0));
    }

    @Test
    void run_shouldDropEveryCandidateAtAnAddress_onceItLiedAboutItsId() {
        InetSocketAddress liar = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        List<Contact> forged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] id = target.bytes();
            id[31] ^= (byte) (i + 1); // closer than anyone real
            forged.add(new Contact(NodeId.of(id), liar));
        }
        lying.add(liar);
        Contact referrer = network.get(0);
        extraReferrals.put(referrer.address(), forged);

        LookupResult<Void> result = lookup(List.of(referrer));

        assertThat(result.closest()).containsExactlyElementsOf(trueClosest(20, Set.of()));
        long askedAtLiar = asked.entrySet().stream()
                .filter(e -> e.getKey().address().equals(liar))
                .mapToInt(java.util.Map.Entry::getValue)
                .sum();
        assertThat(askedAtLiar).as("queries sent to the lying address").isEqualTo(1);
    }

    @Test
    void run_shouldReachAnHonestNode_whoseIdWasFirstReferredAtAForgedAddress() {
        Contact honest = trueClosest(1, Set.of()).get(0);
        InetSocketAddress shadow = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8);
        lying.add(shadow);
        extraReferrals.put(network.get(0).address(), List.of(new Contact(honest.id(), shadow)));

        LookupResult<Void> result = lookup(List.of(network.get(0)));

        assertThat(result.closest()).containsExactlyElementsOf(trueClosest(20, Set.of()));
        assertThat(result.closest().get(0).address()).isEqualTo(honest.address());
    }

    @Test
    void paths_shouldAskEachContactOnce_andStillFindTheKClosest() {
        CompletableFuture<LookupResult<Void>> f = IterativeLookup.<Void>towards(target)
                .self(self)
                .k(20)
                .alpha(3)
                .paths(3)
                .scheduler(scheduler)
                .slowAfter(() -> SLOW_AFTER)
                .querier(this::answer)
                .run(network.subList(0, 9));
        LookupResult<Void> result = scheduler.await(f, Duration.ofMinutes(1));

        assertThat(result.closest()).containsExactlyElementsOf(trueClosest(20, Set.of()));
        assertThat(asked.values()).allMatch(n -> n == 1);
    }

    @Test
    void run_shouldCountAtMostTwoContactsOfOnePublicPrefix() throws Exception {
        network.clear();
        for (int i = 0; i < 200; i++) {
            byte[] ip = i < 100 ? new byte[] {66, 6, 6, (byte) i} : new byte[] {23, (byte) i, 0, 1};
            network.add(new Contact(randomId(), new InetSocketAddress(InetAddress.getByAddress(ip), 4000)));
        }
        LookupResult<Void> result = lookup(network.subList(0, 5));

        // every node refers only the 20 closest, half of them from 66.6.6.0/24: two of those count
        List<Contact> fromPrefix = result.closest().stream()
                .filter(c -> c.address().getAddress().getAddress()[0] == 66)
                .toList();
        assertThat(fromPrefix).hasSize(2);
        List<Contact> others = new ArrayList<>(result.closest());
        others.removeAll(fromPrefix);
        List<Contact> expected = trueClosest(20, Set.of()).stream()
                .filter(c -> c.address().getAddress().getAddress()[0] != 66)
                .toList();
        assertThat(others).containsExactlyElementsOf(expected);
    }

    // ---- lazy proofs ----------------------------------------------------------------------------

    @Test
    void lazyProofs_shouldProveOnlyTheQuorum_whenItsAnswersAgree() {
        network.forEach(c -> unproven.add(c.id()));
        List<Contact> closest = trueClosest(20, Set.of());

        LookupResult<String> result = saying(network.subList(0, 3), 3);

        assertThat(proofsRun.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        closest.subList(0, 3).stream().map(Contact::id).toList());
        assertThat(queries).isGreaterThan(3);
        assertThat(result.closest()).containsExactlyElementsOf(closest.subList(0, 3));
    }

    @Test
    void lazyProofs_shouldProveTheKClosest_andNoAnswerOutsideThem() {
        network.forEach(c -> unproven.add(c.id()));
        List<Contact> closest = trueClosest(20, Set.of());

        LookupResult<String> result = saying(network.subList(0, 3), 0);

        assertThat(result.closest()).containsExactlyElementsOf(closest);
        assertThat(proofsRun.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        closest.stream().map(Contact::id).toList());
        assertThat(proofsRun.values()).allMatch(n -> n == 1);
        assertThat(queries).isGreaterThan(20);
    }

    @Test
    void lazyProofs_shouldNeitherCountNorKeep_anAnswerWhoseProofFails() {
        network.forEach(c -> unproven.add(c.id()));
        List<Contact> closest = trueClosest(22, Set.of());
        failingProof.add(closest.get(0).id());
        failingProof.add(closest.get(1).id());

        LookupResult<String> result = saying(network.subList(0, 3), 3);

        List<Contact> honest = closest.subList(2, 22);
        assertThat(result.closest()).containsExactlyElementsOf(honest.subList(0, 3));
        assertThat(result.replies().keySet()).doesNotContain(closest.get(0), closest.get(1));
        assertThat(result.failed()).isEqualTo(2);
    }

    @Test
    void quorum_shouldAskOnlyTheClosest_whileTheirAnswersMayStillAgree() {
        List<Contact> closest = trueClosest(20, Set.of());
        List<Contact> far = new ArrayList<>(network);
        far.removeAll(closest);

        LookupResult<String> result = saying(far.subList(0, 3), 3);

        assertThat(result.closest()).startsWith(closest.subList(0, 3).toArray(Contact[]::new));
        assertThat(queries)
                .as("the closest seed alone, then the 3 closest it referred, nobody else")
                .isEqualTo(4);
    }

    @Test
    void quorum_shouldAskTheNextSeed_whenTheFirstIsSlow() {
        List<Contact> closest = trueClosest(20, Set.of());
        List<Contact> far = new ArrayList<>(network);
        far.removeAll(closest);
        List<Contact> seeds = new ArrayList<>(far.subList(0, 3));
        seeds.sort(io.confchat.dht.internal.routing.Distance.byDistanceTo(target));
        slow.add(seeds.get(0).id());

        long start = scheduler.nanoTime();
        LookupResult<String> result = saying(seeds, 3);
        Duration took = Duration.ofNanos(scheduler.nanoTime() - start);

        // the closest seed hangs for 10 s: after slowAfter the next one is asked alone, and its
        // referrals lead to the 3 closest
        assertThat(result.closest()).startsWith(closest.subList(0, 3).toArray(Contact[]::new));
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(asked.keySet()).contains(seeds.get(1)).doesNotContain(seeds.get(2));
    }

    @Test
    void quorum_shouldAskFurther_onceTheClosestDisagree() {
        List<Contact> closest = trueClosest(20, Set.of());
        says.put(closest.get(1).id(), "v0");
        List<Contact> far = new ArrayList<>(network);
        far.removeAll(closest);

        LookupResult<String> result = saying(far.subList(0, 3), 3);

        assertThat(result.closest()).as("no early end: the k closest").hasSize(20);
        assertThat(result.replies()).containsKeys(closest.toArray(Contact[]::new));
    }

    @Test
    void quorum_shouldCountProvenFollowers_insteadOfProvingUnprovenLeaders() {
        List<Contact> closest = trueClosest(20, Set.of());
        closest.subList(0, 3).forEach(c -> unproven.add(c.id()));
        knownProven = true; // seeds come from the routing table or the proven contacts

        // the 4th to 6th closest are the seeds: the closest of them answers first, then the 3
        // closest it referred, then the other two seeds (proven) rather than 3 proofs
        LookupResult<String> result = saying(closest.subList(3, 6), 3);

        assertThat(proofsRun).as("proofs run").isEmpty();
        assertThat(queries).as("no walk to the k closest").isLessThan(10);
        assertThat(result.closest()).containsExactlyElementsOf(closest.subList(3, 6));
    }

    @Test
    void quorum_shouldAskProvenContactsBehindAnUnprovenQuorum_ratherThanProveIt() {
        List<Contact> closest = trueClosest(20, Set.of());
        closest.subList(0, 3).forEach(c -> unproven.add(c.id()));
        knownProven = true;

        LookupResult<String> result = saying(closest.subList(0, 3), 3);

        assertThat(proofsRun).as("proofs run").isEmpty();
        assertThat(result.closest()).containsExactlyElementsOf(closest.subList(3, 6));
        assertThat(queries).isEqualTo(6);
    }

    @Test
    void quorum_shouldProveItself_whenNoContactBehindItIsKnownProven() {
        List<Contact> closest = trueClosest(20, Set.of());
        closest.subList(0, 3).forEach(c -> unproven.add(c.id()));

        LookupResult<String> result = saying(closest.subList(0, 3), 3);

        assertThat(proofsRun).hasSize(3);
        assertThat(result.closest()).startsWith(closest.subList(0, 3).toArray(Contact[]::new));
    }

    @Test
    void quorum_shouldProveTheLeaders_whenAProvenFollowerDisagrees() {
        List<Contact> closest = trueClosest(20, Set.of());
        closest.subList(0, 3).forEach(c -> unproven.add(c.id()));
        says.put(closest.get(4).id(), "v0");

        LookupResult<String> result = saying(closest.subList(3, 6), 3);

        // the leaders are proven (until, with the proven followers that agree, three count)
        assertThat(proofsRun.keySet())
                .isNotEmpty()
                .isSubsetOf(closest.subList(0, 3).stream().map(Contact::id).toList());
        assertThat(result.closest().get(0)).isEqualTo(closest.get(0));
    }

    @Test
    void quorum_shouldNotEndEarly_whenAnUnprovenContactCloserThanItDisagrees() {
        List<Contact> closest = trueClosest(20, Set.of());
        Contact stale = closest.get(0);
        unproven.add(stale.id());
        failingProof.add(stale.id());
        says.put(stale.id(), "v0");

        LookupResult<String> result = saying(closest.subList(1, 4), 3);

        // the proven 2nd-4th agree, but the closest disagrees: no early end; it fails its proof
        assertThat(result.closest()).containsExactlyElementsOf(closest.subList(1, 20));
        assertThat(result.replies().values()).containsOnly("v1");
    }

    private LookupResult<String> saying(List<Contact> seeds, int quorum) {
        LookupBuilder<String> b = IterativeLookup.<String>towards(target)
                .self(self)
                .k(20)
                .alpha(3)
                .scheduler(scheduler)
                .slowAfter(() -> SLOW_AFTER)
                .provenAlready(c -> knownProven && !unproven.contains(c.id()))
                .querier(this::answerSaying);
        if (quorum > 0) {
            b.endEarly(quorum, answers -> answers.stream().distinct().count() == 1);
        }
        return scheduler.await(b.run(seeds), Duration.ofMinutes(1));
    }

    /** As {@link #answer}, with a payload and, for unproven contacts, a proof to run. */
    private CompletableFuture<Querier.Reply<String>> answerSaying(Contact c) {
        return answer(c).thenApply(r -> {
            String payload = says.getOrDefault(c.id(), "v1");
            if (!unproven.contains(c.id())) {
                return new Querier.Reply<>(r.closer(), payload);
            }
            IdProof proof = () -> {
                proofsRun.merge(c.id(), 1, Integer::sum);
                return failingProof.contains(c.id())
                        ? CompletableFuture.failedFuture(
                                new io.confchat.api.ProtocolViolationException("forged certificate"))
                        : CompletableFuture.completedFuture(null);
            };
            return new Querier.Reply<>(r.closer(), payload, java.util.Optional.of(proof));
        });
    }

    private LookupResult<Void> lookupEndingEarly(
            List<Contact> seeds, int quorum, java.util.function.Predicate<List<Void>> enough) {
        CompletableFuture<LookupResult<Void>> f = IterativeLookup.<Void>towards(target)
                .self(self)
                .k(20)
                .alpha(3)
                .scheduler(scheduler)
                .slowAfter(() -> SLOW_AFTER)
                .querier(this::answer)
                .endEarly(quorum, enough)
                .run(seeds);
        return scheduler.await(f, Duration.ofMinutes(1));
    }

    private LookupResult<Void> lookup(List<Contact> seeds) {
        CompletableFuture<LookupResult<Void>> f = IterativeLookup.<Void>towards(target)
                .self(self)
                .k(20)
                .alpha(3)
                .scheduler(scheduler)
                .slowAfter(() -> SLOW_AFTER)
                .querier(this::answer)
                .run(seeds);
        return scheduler.await(f, Duration.ofMinutes(1));
    }

    /**
     * Each node answers with the 20 contacts closest to the target, as a table that still holds
     * dead contacts would, plus the 20 closest live ones.
     */
    private CompletableFuture<Querier.Reply<Void>> answer(Contact c) {
        queries++;
        asked.merge(c, 1, Integer::sum);
        CompletableFuture<Querier.Reply<Void>> reply = new CompletableFuture<>();
        if (lying.contains(c.address())) {
            scheduler.schedule(
                    LATENCY,
                    () -> reply.completeExceptionally(
                            new io.confchat.api.ProtocolViolationException("answered with another id")));
        } else if (dead.contains(c.id())) {
            scheduler.schedule(TIMEOUT, () -> reply.completeExceptionally(new TimeoutException()));
        } else {
            Duration delay = slow.contains(c.id()) ? Duration.ofSeconds(10) : LATENCY;
            List<Contact> closer = trueClosest(20, Set.of());
            trueClosest(20, dead).stream().filter(x -> !closer.contains(x)).forEach(closer::add);
            closer.addAll(0, extraReferrals.getOrDefault(c.address(), List.of()));
            scheduler.schedule(delay, () -> reply.complete(new Querier.Reply<>(closer, null)));
        }
        return reply;
    }

    private List<Contact> trueClosest(int n, Set<NodeId> excluded) {
        List<Contact> sorted = new ArrayList<>(network);
        sorted.removeIf(c -> excluded.contains(c.id()));
        sorted.sort(Distance.byDistanceTo(target));
        return new ArrayList<>(sorted.subList(0, n));
    }

    private NodeId randomId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return NodeId.of(b);
    }

    private static Contact contact(NodeId id, int i) {
        return new Contact(id, new InetSocketAddress(InetAddress.getLoopbackAddress(), 1000 + i));
    }
}
