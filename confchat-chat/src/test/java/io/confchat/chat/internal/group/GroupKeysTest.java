package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.group.GroupKeys.Addressed;
import io.confchat.chat.internal.group.GroupKeys.DistributionCheck;
import io.confchat.chat.internal.group.GroupKeys.Received;
import io.confchat.chat.internal.group.TestGroup.User;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Groups of members holding {@link GroupKeys}, with every distribution and message encoded and
 * decoded on its way (as the pairwise channels and the DHT will carry them), delivered in a seeded
 * random order.
 */
class GroupKeysTest {
    private final Random random = new Random(7);
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, GroupKeys> keys = new LinkedHashMap<>();
    /** Who received a distribution from whom since the last reset. */
    private final Set<String> distributed = new HashSet<>();

    private SignedGroupState head;

    @ParameterizedTest
    @ValueSource(ints = {3, 10})
    void everyMember_shouldReadEveryOthersMessagesOnce_underTheSendersKey(int size) {
        create(size);

        for (int round = 0; round < 3; round++) {
            for (String sender : keys.keySet()) {
                SealedGroupMessage m = send(sender, sender + " says " + round);
                for (String reader : shuffledOthers(sender)) {
                    Received r = keys.get(reader).open(roundTrip(m));
                    assertThat(r).as(reader + " reads " + sender).isInstanceOf(Received.Text.class);
                    assertThat(((Received.Text) r).sender())
                            .isEqualTo(users.get(sender).key());
                    assertThat(((Received.Text) r).text().text()).isEqualTo(sender + " says " + round);
                    assertThat(keys.get(reader).open(roundTrip(m))).as("once").isInstanceOf(Received.Refused.class);
                }
            }
        }
    }

    /**
     * A removed member gets no new chain and cannot open anything sent after its removal, with
     * every key it ever held; the others rekey and read each other, and still read what the others
     * sent on their old chains before.
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 10})
    void removal_shouldRekeySoTheRemovedMemberReadsNothingAfter(int size) {
        create(size);
        String removed = "member" + (size - 1);
        SealedGroupMessage before = send("member1", "before the removal");

        distributed.clear();
        change(TestGroup.next(head, users.get("member0"), TestGroup.without(head, users.get(removed))));

        assertThat(keys.get(removed).isMember()).isFalse();
        assertThat(keys.get(removed).distributionsToAll()).isEmpty();
        assertThat(distributed).noneMatch(d -> d.endsWith("->" + removed));
        assertThat(distributed).hasSize((size - 1) * (size - 2));
        for (String sender : keys.keySet()) {
            if (sender.equals(removed)) {
                continue;
            }
            SealedGroupMessage after = send(sender, "after");
            assertThat(keys.get(removed).open(roundTrip(after))).isInstanceOf(Received.UnknownChain.class);
            for (String reader : shuffledOthers(sender)) {
                if (!reader.equals(removed)) {
                    assertThat(keys.get(reader).open(roundTrip(after))).isInstanceOf(Received.Text.class);
                }
            }
        }
        for (String reader : shuffledOthers("member1")) {
            if (!reader.equals(removed)) {
                assertThat(keys.get(reader).open(roundTrip(before)))
                        .as("old chain kept")
                        .isInstanceOf(Received.Text.class);
            }
        }
    }

    /**
     * A chain a removed member handed over before its removal, reaching a member only after it
     * applied the removal, is read once and never kept: with its owner's proof, for an epoch before
     * the removal, at most {@value FormerMembers#LATE_CHAINS} of them, and its messages shown only
     * up to the removal; a chain for the removal's epoch or after, or one it does not own, is
     * refused, and a member added again hands over chains as any member.
     */
    @Test
    void aChainOfAFormerMember_handedOverBeforeItsRemoval_isReadOnce() {
        create(3);
        User dave = users.get("member2");
        GroupKeys reader = keys.get("member1");
        byte[] groupId = head.state().groupId();
        long epochBefore = head.state().epoch();
        SignedGroupState removal = TestGroup.next(head, users.get("member0"), TestGroup.without(head, dave));
        head = removal;
        assertThat(reader.offer(removal, System.currentTimeMillis()).check()).isEqualTo(MembershipCheck.ACCEPTED);
        SendingChain late = SendingChain.start(groupId, new java.security.SecureRandom());
        SendingChain second = SendingChain.start(groupId, new java.security.SecureRandom());
        SendingChain third = SendingChain.start(groupId, new java.security.SecureRandom());
        SendingChain afterIt = SendingChain.start(groupId, new java.security.SecureRandom());

        Distribution d = late.distribution(epochBefore, dave.key(), 0);
        assertThat(reader.accept(dave.key(), d)).isEqualTo(DistributionCheck.OF_A_FORMER_MEMBER);
        assertThat(reader.accept(users.get("member0").key(), d)).isEqualTo(DistributionCheck.NOT_OWNER);
        assertThat(reader.accept(
                        dave.key(), afterIt.distribution(removal.state().epoch(), dave.key(), 0)))
                .isEqualTo(DistributionCheck.NOT_A_MEMBER);
        GroupKeys.FormerChain c = reader.formerChain(dave.key(), d);
        assertThat(c.shownUpToMillis())
                .isEqualTo(removal.state().issuedAtMillis() + BranchFollower.CLOCK_SKEW.toMillis());
        assertThat(c.chain().open(sealOn(late))).isInstanceOf(ReceivingChain.Opened.Text.class);
        assertThat(reader.heldChains()).noneMatch(h -> java.util.Arrays.equals(h.owner(), dave.key()));

        reader.formerChainRead(dave.key(), late.chainId());
        assertThat(reader.accept(dave.key(), d)).as("read once").isEqualTo(DistributionCheck.DUPLICATE);
        assertThat(reader.accept(dave.key(), second.distribution(epochBefore, dave.key(), 0)))
                .isEqualTo(DistributionCheck.OF_A_FORMER_MEMBER);
        reader.formerChainRead(dave.key(), second.chainId());
        assertThat(reader.accept(dave.key(), third.distribution(epochBefore, dave.key(), 0)))
                .as("no more")
                .isEqualTo(DistributionCheck.NOT_A_MEMBER);
        GroupKeys restored = GroupKeys.restore(
                users.get("member1").key(),
                MembershipChain.resume(removal),
                new java.security.SecureRandom(),
                reader.kept().whole());
        assertThat(restored.accept(dave.key(), d)).as("kept across a restart").isEqualTo(DistributionCheck.DUPLICATE);

        SignedGroupState back =
                TestGroup.next(removal, users.get("member0"), TestGroup.plus(removal, dave.asMember(false)));
        assertThat(reader.offer(back, System.currentTimeMillis()).check()).isEqualTo(MembershipCheck.ACCEPTED);
        assertThat(reader.isFormerMember(dave.key())).isFalse();
        assertThat(reader.accept(dave.key(), third.distribution(back.state().epoch(), dave.key(), 0)))
                .isEqualTo(DistributionCheck.ACCEPTED);
    }

    @Test
    void aMemberLeaving_shouldMakeTheOthersRekey() {
        create(3);
        User carol = users.get("member2");
        distributed.clear();

        change(TestGroup.next(head, carol, TestGroup.without(head, carol)));

        assertThat(keys.get("member2").isMember()).isFalse();
        assertThat(distributed).containsExactlyInAnyOrder("member0->member1", "member1->member0");
        SealedGroupMessage after = send("member0", "carol is gone");
        assertThat(keys.get("member2").open(roundTrip(after))).isInstanceOf(Received.UnknownChain.class);
        assertThat(keys.get("member1").open(roundTrip(after))).isInstanceOf(Received.Text.class);
    }

    @Test
    void aNewMember_shouldReadFromItsJoinOn_notBefore() {
        create(3);
        SealedGroupMessage before = send("member1", "before dave");
        User dave = User.named("dave");
        users.put("dave", dave);
        distributed.clear();

        SignedGroupState withDave =
                TestGroup.next(head, users.get("member0"), TestGroup.plus(head, dave.asMember(false)));
        keys.put("dave", GroupKeys.of(dave.key(), MembershipChain.resume(withDave), new java.security.SecureRandom()));
        change(withDave);
        deliver("dave", keys.get("dave").distributionsToAll());

        assertThat(distributed)
                .containsExactlyInAnyOrder(
                        "member0->dave",
                        "member1->dave",
                        "member2->dave",
                        "dave->member0",
                        "dave->member1",
                        "dave->member2");
        assertThat(keys.get("dave").open(roundTrip(before))).isNotInstanceOf(Received.Text.class);
        SealedGroupMessage after = send("member1", "hello dave");
        assertThat(keys.get("dave").open(roundTrip(after))).isInstanceOf(Received.Text.class);
        SealedGroupMessage fromDave = send("dave", "hi all");
        assertThat(keys.get("member2").open(roundTrip(fromDave))).isInstanceOf(Received.Text.class);
    }

    /**
     * Member 2 holds member 1's chain and hands it to member 0 as its own, so that member 1's
     * messages would show under member 2's name. Fails without the owner check in {@code
     * GroupKeys.accept} (checked).
     */
    @Test
    void accept_shouldRefuseAMemberHandingOutAnothersChainAsItsOwn() {
        create(3);
        User mallory = users.get("member2");
        GroupKeys fresh = GroupKeys.of(
                users.get("member0").key(), MembershipChain.resume(head), new java.security.SecureRandom());
        SendingChain stolen = SendingChain.start(head.state().groupId(), new java.security.SecureRandom());
        Distribution asOwnedByVictim =
                stolen.distribution(head.state().epoch(), users.get("member1").key(), 0);
        Distribution claimedByMallory =
                new Distribution(asOwnedByVictim.epoch(), asOwnedByVictim.chain(), 0, asOwnedByVictim.ownerSignature());

        assertThat(fresh.accept(mallory.key(), claimedByMallory)).isEqualTo(DistributionCheck.NOT_OWNER);
        assertThat(fresh.accept(users.get("member1").key(), asOwnedByVictim)).isEqualTo(DistributionCheck.ACCEPTED);
    }

    @Test
    void accept_shouldRefuseStrangersFutureEpochsAndOtherGroups() {
        create(3);
        GroupKeys member0 = keys.get("member0");
        User dave = User.named("dave");
        SendingChain davesChain = SendingChain.start(head.state().groupId(), new java.security.SecureRandom());
        SendingChain otherGroup =
                SendingChain.start(SenderKeyChainTest.filled(32, 3), new java.security.SecureRandom());
        User bob = users.get("member1");

        assertThat(member0.accept(dave.key(), davesChain.distribution(0, dave.key(), 0)))
                .isEqualTo(DistributionCheck.NOT_A_MEMBER);
        assertThat(member0.accept(bob.key(), davesChain.distribution(1, bob.key(), 0)))
                .isEqualTo(DistributionCheck.AHEAD);
        assertThat(member0.accept(bob.key(), otherGroup.distribution(0, bob.key(), 0)))
                .isEqualTo(DistributionCheck.WRONG_GROUP);
        assertThat(member0.accept(
                        users.get("member0").key(),
                        davesChain.distribution(0, users.get("member0").key(), 0)))
                .isEqualTo(DistributionCheck.NOT_A_MEMBER);
    }

    /**
     * A sender whose chain is full starts a new one and hands it out before the message that needs
     * it: a reader opens every message across the change.
     */
    @Test
    void aFullChain_shouldBeReplaced_andEveryMessageStillRead() {
        create(2);
        int total = SendingChain.MAX_LENGTH + 10;
        for (int i = 0; i < total; i++) {
            SealedGroupMessage m = send("member0", "message " + i);
            Received r = keys.get("member1").open(m);
            assertThat(r).as("message " + i).isInstanceOf(Received.Text.class);
            assertThat(((Received.Text) r).text().text()).isEqualTo("message " + i);
        }
    }

    /**
     * Of a member's chains of one epoch (a full chain replaced twice), a reader keeps the two that
     * came last and drops the oldest, whatever their ids (the chains are kept in arrival order).
     */
    @Test
    void aThirdChainOfOneEpoch_shouldDropTheOldest_notTheNewest() {
        create(2);
        byte[] groupId = head.state().groupId();
        for (int round = 0; round < 12; round++) {
            GroupKeys reader = GroupKeys.of(
                    users.get("member1").key(), MembershipChain.resume(head), new java.security.SecureRandom());
            List<SendingChain> chains = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SendingChain chain = SendingChain.start(groupId, new java.security.SecureRandom());
                chains.add(chain);
                assertThat(reader.accept(
                                users.get("member0").key(),
                                chain.distribution(0, users.get("member0").key(), 0)))
                        .isEqualTo(DistributionCheck.ACCEPTED);
            }
            assertThat(reader.open(sealOn(chains.get(2)))).as("the newest").isInstanceOf(Received.Text.class);
            assertThat(reader.open(sealOn(chains.get(1)))).as("the one before").isInstanceOf(Received.Text.class);
            assertThat(reader.open(sealOn(chains.get(0)))).as("the oldest").isInstanceOf(Received.UnknownChain.class);
        }
    }

    private SealedGroupMessage sealOn(SendingChain chain) {
        return ((SendingChain.Sealing.Sealed) chain.seal(new GroupText(MessageId.random(random), 1L, "x"))).message();
    }

    private void create(int size) {
        List<User> all = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            User u = User.named("member" + i);
            users.put(u.name(), u);
            all.add(u);
        }
        head = TestGroup.genesis(all.get(0), all.subList(1, size).toArray(User[]::new));
        for (User u : all) {
            MembershipChain chain = MembershipChain.start(head).chain().orElseThrow();
            keys.put(u.name(), GroupKeys.of(u.key(), chain, new java.security.SecureRandom()));
        }
        for (String name : keys.keySet()) {
            deliver(name, keys.get(name).distributionsToAll());
        }
    }

    private void change(SignedGroupState next) {
        head = next;
        Map<String, List<Addressed>> outgoing = new LinkedHashMap<>();
        for (Map.Entry<String, GroupKeys> e : keys.entrySet()) {
            if (e.getValue().state().epoch() == next.state().epoch()) {
                continue; // joined at this epoch
            }
            GroupKeys.Update u = e.getValue()
                    .offer(
                            TestGroup.decode(GroupStates.sign(next.state(), signerOf(next))),
                            System.currentTimeMillis());
            assertThat(u.check()).as(e.getKey()).isEqualTo(MembershipCheck.ACCEPTED);
            outgoing.put(e.getKey(), u.distributions());
        }
        outgoing.forEach(this::deliver);
    }

    private io.confchat.dht.crypto.Ed25519KeyPair signerOf(SignedGroupState s) {
        return users.values().stream()
                .filter(u -> java.util.Arrays.equals(u.key(), s.state().signerKey()))
                .findFirst()
                .orElseThrow()
                .keys();
    }

    private void deliver(String from, List<Addressed> addressed) {
        for (Addressed a : addressed) {
            Distribution d = DistributionCodec.decode(DistributionCodec.encode(a.distribution()))
                    .orElseThrow();
            GroupKeys recipient = keys.get(a.recipient().username());
            if (recipient == null) {
                continue; // a member who has not set up its keys yet (a joiner, before it accepts)
            }
            assertThat(recipient.accept(users.get(from).key(), d))
                    .as(from + " -> " + a.recipient().username())
                    .isEqualTo(DistributionCheck.ACCEPTED);
            distributed.add(from + "->" + a.recipient().username());
        }
    }

    private SealedGroupMessage send(String sender, String text) {
        GroupKeys.Sent sent = keys.get(sender).seal(new GroupText(MessageId.random(random), 1L, text));
        deliver(sender, sent.distributionsFirst());
        return sent.message();
    }

    private static SealedGroupMessage roundTrip(SealedGroupMessage m) {
        return GroupMessageCodec.decode(GroupMessageCodec.encode(m)).orElseThrow();
    }

    private List<String> shuffledOthers(String sender) {
        List<String> others = new ArrayList<>(keys.keySet());
        others.remove(sender);
        Collections.shuffle(others, random);
        return others;
    }
}
