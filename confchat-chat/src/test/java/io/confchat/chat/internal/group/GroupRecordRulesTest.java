package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.group.TestGroup.User;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.record.RecordValidator;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GroupRecordRulesTest {
    private final RecordValidator membershipRule = GroupRecordRules.all().get(GroupRecords.MEMBERSHIP_TYPE);
    private final RecordValidator messageRule = GroupRecordRules.all().get(GroupRecords.MESSAGE_TYPE);
    private final User alice = User.named("alice");
    private final SignedGroupState genesis = TestGroup.genesis(alice, User.named("bob"));
    private final byte[] payload = GroupStates.sign(genesis.state(), alice.keys());

    @Test
    void membership_shouldAcceptTheEpochUnderItsGroupSlotAndSigner() {
        assertThat(accepts(
                        membershipRule,
                        membershipRecord(
                                alice.keys(),
                                GroupRecords.membershipPage(genesis.state().groupId(), 0),
                                0,
                                0)))
                .isTrue();
    }

    @Test
    void membership_shouldRefuseItElsewhereOrByAnotherOwner() {
        DhtKey key = GroupRecords.membershipPage(genesis.state().groupId(), 0);

        assertThat(accepts(membershipRule, membershipRecord(alice.keys(), DhtKey.hash("group/other"), 0, 0)))
                .isFalse();
        assertThat(accepts(
                        membershipRule,
                        membershipRecord(
                                alice.keys(),
                                GroupRecords.membershipPage(genesis.state().groupId(), GroupRecords.EPOCHS_PER_PAGE),
                                0,
                                0)))
                .as("another epoch's page")
                .isFalse();
        assertThat(accepts(membershipRule, membershipRecord(alice.keys(), key, 1, 0)))
                .as("slot")
                .isFalse();
        assertThat(accepts(membershipRule, membershipRecord(alice.keys(), key, 0, 7)))
                .as("seq")
                .isFalse();
        assertThat(accepts(membershipRule, membershipRecord(User.named("bob").keys(), key, 0, 0)))
                .as("owner")
                .isFalse();
        assertThat(accepts(
                        membershipRule,
                        new RecordSigner(alice.keys())
                                .sign(key, GroupRecords.MEMBERSHIP_TYPE, GroupRecords.epochSlot(0), 0, 60, new byte[] {
                                    1, 2
                                })))
                .as("garbage")
                .isFalse();
    }

    @Test
    void message_shouldAcceptTheChainsOwnCopyInItsPage() {
        SendingChain chain = SendingChain.start(genesis.state().groupId(), new SecureRandom());
        for (int i = 0; i < 3; i++) {
            SealedGroupMessage m = seal(chain);
            SignedRecord copy = chain.storedCopy(m);
            assertThat(accepts(messageRule, copy)).isTrue();
            // one signature: the message's is its copy's record's, which verifies as any record
            assertThat(copy.signature()).isEqualTo(m.signature());
            assertThat(RecordSigner.verify(copy)).isTrue();
            assertThat(copy.signingInput()).isEqualTo(m.signingInput());
        }
        SendingChain late =
                SendingChain.of(genesis.state().groupId(), new byte[32], 130, SenderKeyChainTest.filled(32, 4));
        SignedRecord page2 = late.storedCopy(seal(late));
        assertThat(page2.key()).isEqualTo(GroupRecords.messagePage(late.chainId(), 128));
        assertThat(accepts(messageRule, page2)).isTrue();
    }

    /** A removed member (or anyone) storing into another member's chain, or out of place. */
    @Test
    void message_shouldRefuseAnotherOwnerOrAnotherPlace() {
        byte[] seed = SenderKeyChainTest.filled(32, 6);
        SendingChain chain = SendingChain.of(genesis.state().groupId(), new byte[32], 0, seed);
        SealedGroupMessage m = seal(chain);
        byte[] bytes = GroupMessageCodec.encodeUnsigned(m);
        RecordSigner chainKey = new RecordSigner(Ed25519KeyPair.fromPrivateKey(seed));
        RecordSigner intruder = new RecordSigner(Ed25519KeyPair.generate(new SecureRandom()));
        DhtKey page = GroupRecords.messagePage(chain.chainId(), 0);
        byte[] slot = GroupRecords.iterationSlot(0);
        long ttl = GroupRecords.MESSAGE_TTL.toSeconds();

        assertThat(accepts(messageRule, chainKey.sign(page, GroupRecords.MESSAGE_TYPE, slot, 1, ttl, bytes)))
                .isTrue();
        assertThat(accepts(messageRule, intruder.sign(page, GroupRecords.MESSAGE_TYPE, slot, 1, ttl, bytes)))
                .as("another owner")
                .isFalse();
        assertThat(accepts(
                        messageRule,
                        chainKey.sign(page, GroupRecords.MESSAGE_TYPE, slot, 1, ttl, GroupMessageCodec.encode(m))))
                .as("a payload with a signature of its own (the record's is the message's)")
                .isFalse();
        assertThat(accepts(messageRule, chainKey.sign(page, GroupRecords.MESSAGE_TYPE, slot, 2, ttl, bytes)))
                .as("another seq: members would not verify it")
                .isFalse();
        assertThat(accepts(messageRule, chainKey.sign(page, GroupRecords.MESSAGE_TYPE, slot, 1, 60, bytes)))
                .as("another ttl: members would not verify it")
                .isFalse();
        assertThat(accepts(
                        messageRule,
                        chainKey.sign(
                                GroupRecords.messagePage(chain.chainId(), 64),
                                GroupRecords.MESSAGE_TYPE,
                                slot,
                                1,
                                ttl,
                                bytes)))
                .as("another page")
                .isFalse();
        assertThat(accepts(
                        messageRule,
                        chainKey.sign(page, GroupRecords.MESSAGE_TYPE, GroupRecords.iterationSlot(1), 1, ttl, bytes)))
                .as("another slot")
                .isFalse();
        assertThat(accepts(messageRule, chainKey.sign(page, GroupRecords.MESSAGE_TYPE, slot, 1, ttl, new byte[] {9})))
                .as("garbage")
                .isFalse();
    }

    private SignedRecord membershipRecord(Ed25519KeyPair signer, DhtKey key, long epoch, long seq) {
        return new RecordSigner(signer)
                .sign(key, GroupRecords.MEMBERSHIP_TYPE, GroupRecords.epochSlot(epoch), seq, 60, payload);
    }

    private static SealedGroupMessage seal(SendingChain chain) {
        return ((SendingChain.Sealing.Sealed) chain.seal(new GroupText(MessageId.random(new Random(1)), 1, "hi")))
                .message();
    }

    private static boolean accepts(RecordValidator rule, SignedRecord r) {
        return rule.validate(r, List.of()).accepted();
    }
}
