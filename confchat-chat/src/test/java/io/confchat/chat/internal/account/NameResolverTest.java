package io.confchat.chat.internal.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.confchat.api.NodeId;
import io.confchat.api.ReplicaAnswer;
import io.confchat.api.SignedRecord;
import io.confchat.chat.internal.crypto.PasswordKdf;
import io.confchat.chat.internal.proto.UserRecord;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counting the replicas' answers for a name: one vote per replica and owner, a tie chooses nobody. */
class NameResolverTest {
    private final SecureRandom random = new SecureRandom();
    private final Ed25519KeyPair genuine = Ed25519KeyPair.generate(random);
    /** The attacker's key always sorts below the genuine one: a smaller-key rule would pick it. */
    private final Ed25519KeyPair attacker = below(genuine);

    @Test
    void theOwnerMostReplicasReturn_wins_andTheOtherIsReported() {
        List<ReplicaAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(answer(user("alice", genuine)));
        }
        answers.add(answer(user("alice", attacker), user("alice", attacker))); // one replica, one vote

        Resolution r = NameResolver.tally("alice", answers);

        assertThat(r.owner())
                .hasValueSatisfying(k -> assertThat(k.identityKey()).isEqualTo(genuine.publicKey()));
        assertThat(r.votes()).isEqualTo(4);
        assertThat(r.isContested()).isTrue();
        assertThat(r.isTied()).isFalse();
        assertThat(r.others()).singleElement().satisfies(o -> {
            assertThat(o.keys().identityKey()).isEqualTo(attacker.publicKey());
            assertThat(o.votes()).isEqualTo(1);
        });
    }

    @Test
    void aTie_choosesNobody_whicheverKeySortsFirst() {
        List<ReplicaAnswer> answers = List.of(
                answer(user("alice", genuine)),
                answer(user("alice", attacker)),
                answer(user("alice", genuine), user("alice", attacker)));

        Resolution r = NameResolver.tally("alice", answers);

        assertThat(r.owner()).isEmpty();
        assertThat(r.status()).isEqualTo(Resolution.Status.TIED);
        assertThat(r.isTied()).isTrue();
        assertThat(r.votes()).isEqualTo(2);
        assertThat(r.others()).extracting(Resolution.Rival::votes).containsExactly(2, 2);
    }

    @Test
    void recordsOfAnotherName_orNotUserRecords_areNoVotes() {
        SignedRecord otherName = user("mallory", attacker);
        SignedRecord underAliceButForMallory = SignedRecord.of(
                RecordKeys.user("alice"),
                otherName.type(),
                otherName.ownerPublicKey(),
                otherName.slot(),
                otherName.seq(),
                otherName.ttlSeconds(),
                otherName.payload(),
                otherName.signature());
        List<ReplicaAnswer> answers = List.of(
                answer(user("alice", genuine)),
                answer(user("alice", genuine)),
                answer(user("alice", genuine)),
                answer(otherName, underAliceButForMallory),
                answer(otherName));

        Resolution r = NameResolver.tally("alice", answers);

        assertThat(r.owner())
                .hasValueSatisfying(k -> assertThat(k.identityKey()).isEqualTo(genuine.publicKey()));
        assertThat(r.isContested()).isFalse();
    }

    @Test
    void oneHostileReplicaClaimingANameNobodyRegistered_isNobodys_butAQuorumIsSomebody() {
        List<ReplicaAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            answers.add(answer());
        }
        answers.add(answer(user("alice", attacker)));

        Resolution forged = NameResolver.tally("alice", answers);
        assertThat(forged.owner()).as("a claim by too few replicas is nobody's").isEmpty();
        assertThat(forged.status())
                .as("nor is it proof that nobody registered the name")
                .isEqualTo(Resolution.Status.UNCONFIRMED);
        assertThat(forged.votes()).isEqualTo(1);
        assertThat(forged.answered()).isEqualTo(10);

        answers.add(answer(user("alice", genuine)));
        answers.add(answer(user("alice", genuine)));
        answers.add(answer(user("alice", genuine)));
        assertThat(NameResolver.tally("alice", answers).owner())
                .hasValueSatisfying(k -> assertThat(k.identityKey()).isEqualTo(genuine.publicKey()));
        assertThat(NameResolver.tally("alice", List.of(answer(user("alice", genuine))))
                        .owner())
                .as("a network of one node")
                .isPresent();
    }

    @Test
    void noAnswerNamingTheUser_isNotRegistered() {
        Resolution r = NameResolver.tally("alice", List.of(answer(), answer()));

        assertThat(r.status()).isEqualTo(Resolution.Status.NOT_REGISTERED);
        assertThat(r.owner()).isEmpty();
        assertThat(r.isContested()).isFalse();
        assertThat(r.isTied()).isFalse();
        assertThat(r.isUnconfirmed()).isFalse();
    }

    @Test
    void noAnswerAtAll_isUnconfirmed_notNotRegistered() {
        Resolution r = NameResolver.tally("alice", List.of());

        assertThat(r.status()).isEqualTo(Resolution.Status.UNCONFIRMED);
        assertThat(r.answered()).isZero();
    }

    @Test
    void aRegisteredOwnerWithTooFewVotes_isUnconfirmed_andNamedAsTheClaimant() {
        // replicas that joined near the name and hold no copy yet outnumber those that do
        List<ReplicaAnswer> answers = new ArrayList<>();
        answers.add(answer(user("alice", genuine)));
        answers.add(answer(user("alice", genuine)));
        for (int i = 0; i < 10; i++) {
            answers.add(answer());
        }

        Resolution r = NameResolver.tally("alice", answers);

        assertThat(r.status()).isEqualTo(Resolution.Status.UNCONFIRMED);
        assertThat(r.owner()).isEmpty();
        assertThat(r.votes()).isEqualTo(2);
        assertThat(r.votesNeeded()).isEqualTo(3);
        assertThat(r.isContested()).as("not a conflict to report").isFalse();
        assertThat(r.isClaimant(genuine.publicKey()))
                .as("an inbox item it signed is left, not settled as forged")
                .isTrue();
    }

    @Test
    void ofTwoAnsweringReplicas_bothMustVouch() {
        assertThat(NameResolver.tally("alice", List.of(answer(user("alice", genuine)), answer()))
                        .status())
                .as("a replica with no copy yet (a newcomer before its hand-off)")
                .isEqualTo(Resolution.Status.UNCONFIRMED);
        assertThat(NameResolver.tally("alice", List.of(answer(user("alice", genuine)), answer(user("alice", genuine))))
                        .status())
                .isEqualTo(Resolution.Status.OWNED);
    }

    private ReplicaAnswer answer(SignedRecord... records) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return new ReplicaAnswer(NodeId.of(id), List.of(records));
    }

    private SignedRecord user(String name, Ed25519KeyPair key) {
        byte[] inbox = new byte[32];
        random.nextBytes(inbox);
        UserRecord user = UserRecord.newBuilder()
                .setUsername(name)
                .setIdentityKey(ByteString.copyFrom(key.publicKey()))
                .setInboxKey(ByteString.copyFrom(inbox))
                .setKdfSalt(PasswordKdf.newSalt(4, random))
                .setKeyBlobNonce(ByteString.copyFrom(new byte[12]))
                .setKeyBlob(ByteString.copyFrom(new byte[64]))
                .build();
        return new RecordSigner(key)
                .sign(RecordKeys.user(name), RecordTypes.USER, new byte[0], 1, 3600, user.toByteArray());
    }

    private Ed25519KeyPair below(Ed25519KeyPair other) {
        for (int i = 0; i < 1000; i++) {
            Ed25519KeyPair k = Ed25519KeyPair.generate(random);
            if (Arrays.compareUnsigned(k.publicKey(), other.publicKey()) < 0) {
                return k;
            }
        }
        throw new IllegalStateException("no smaller key in 1000 tries");
    }
}
