package io.confchat.chat.internal.group;

import static io.confchat.chat.internal.group.TestGroup.next;
import static io.confchat.chat.internal.group.TestGroup.plus;
import static io.confchat.chat.internal.group.TestGroup.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.chat.internal.group.TestGroup.User;
import io.confchat.dht.record.RecordSigner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A group's membership as members read it from storing nodes on the simulated network: a
 * removed admin's late fork, and the many epochs of a large group.
 */
class MembershipDhtSimTest {
    private final DhtServers dht = new DhtServers(8, 13);

    @AfterEach
    void close() {
        dht.close();
    }

    /**
     * Review 7: admins alice and eve; alice removes eve (epoch 1). Later eve signs her own epoch 1
     * (a valid link: she was an admin of epoch 0) and publishes it. Storing nodes list a key's
     * records by owner key, so whoever read the records in that order took the first valid link:
     * eve's when her key sorts first. Run with eve's key below and above alice's: carol, who was
     * offline at epoch 0, and dave, invited after (verifying from the creation), both follow
     * alice's branch. Fails with the first valid link taken instead of {@link ForkChoice}'s
     * (checked: with eve's key first).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRemovedAdminsLateFork_neverWins_whateverTheKeyOrder(boolean eveSortsFirst) {
        User alice = User.named("alice");
        User eve = null;
        for (int i = 0; eve == null; i++) {
            User u = User.named("eve" + i);
            if (Arrays.compareUnsigned(u.key(), alice.key()) < 0 == eveSortsFirst) {
                eve = u;
            }
        }
        User carol = User.named("carol");
        User dave = User.named("dave");
        SignedGroupState g0 = TestGroup.genesis(alice, carol);
        SignedGroupState eveAdmin =
                next(g0, alice, List.of(alice.asMember(true), carol.asMember(false), eve.asMember(true)));
        SignedGroupState eveRemoved = next(eveAdmin, alice, without(eveAdmin, eve));
        publish(g0, alice);
        publish(eveAdmin, alice);
        publish(eveRemoved, alice);
        // later: eve's own successor of the epoch before her removal, which removes carol and adds a friend
        SignedGroupState evesFork = next(
                eveAdmin,
                eve,
                plus(without(eveAdmin, carol), User.named("mallory").asMember(false)));
        publish(evesFork, eve);
        SignedGroupState invitesDave = next(eveRemoved, alice, plus(eveRemoved, dave.asMember(false)));
        publish(invitesDave, alice);

        Optional<MembershipChain> daves =
                dht.await(MembershipSync.fromCreation(dht.archive(3), g0.state().groupId(), invitesDave));
        List<SignedGroupState> read =
                dht.await(dht.archive(5).membershipFrom(g0.state().groupId(), 0, -1));
        ForkChoice.Branch carols = ForkChoice.resolve(eveAdmin, read);

        assertThat(read).as("eve's fork is stored").anyMatch(r -> Arrays.equals(r.stateBytes(), evesFork.stateBytes()));
        assertThat(daves.orElseThrow().head().hash()).as("dave's head").isEqualTo(invitesDave.hash());
        assertThat(carols.head().hash()).as("carol's head").isEqualTo(invitesDave.hash());
    }

    /**
     * Review 3: one key held every epoch, and one signer may fill 1/16 of a key (64 KiB): an admin
     * of a 100-member group could publish about 13 changes, then none. With a page per three
     * epochs it publishes 40, and an invitee verifies all of them from the creation.
     */
    @Test
    void anAdminOfA100MemberGroup_publishesMoreChangesThanOneKeyHeld() {
        List<User> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            all.add(User.named(String.format("member%02d-with-a-longer-name", i)));
        }
        SignedGroupState head =
                TestGroup.genesis(all.get(0), all.subList(1, 100).toArray(User[]::new));
        int recordBytes = GroupStates.encodeRecord(head).length;
        publish(head, all.get(0));
        int epochs = 40;
        for (int epoch = 1; epoch < epochs; epoch++) {
            User churn = all.get(99);
            head = next(head, all.get(0), epoch % 2 == 1 ? without(head, churn) : plus(head, churn.asMember(false)));
            publish(head, all.get(0));
        }

        Optional<MembershipChain> invitee = dht.await(
                MembershipSync.fromCreation(dht.archive(4), head.state().groupId(), head));
        List<SignedGroupState> fromTen =
                dht.await(dht.archive(6).membershipFrom(head.state().groupId(), 10, -1));

        assertThat(recordBytes * epochs)
                .as("more than one signer's share of one key")
                .isGreaterThan(64 * 1024);
        assertThat(invitee.orElseThrow().head().state().epoch()).isEqualTo(epochs - 1);
        assertThat(fromTen)
                .extracting(r -> r.state().epoch())
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.range(10, epochs).boxed().toList());
    }

    private void publish(SignedGroupState s, User signer) {
        dht.await(dht.archive(0).publish(GroupStates.encodeRecord(s), new RecordSigner(signer.keys())));
    }
}
