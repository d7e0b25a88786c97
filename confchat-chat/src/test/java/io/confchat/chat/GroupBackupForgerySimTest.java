package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatSummary;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.ChaChaPoly;
import io.confchat.chat.internal.crypto.Hkdf;
import io.confchat.chat.internal.proto.ChatList;
import io.confchat.chat.internal.proto.GroupEntry;
import io.confchat.chat.internal.proto.GroupStanding;
import io.confchat.chat.internal.proto.Sealed;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.chat.internal.records.Transcript;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A malicious storing node against the user's group records (docs/security-model.md, "Group chats
 * on any node"): it cannot put a group into the user's list, nor make a device restore an older
 * state of a group than the user's newest key backup. bob invites alice to "crew"; the attacker
 * runs the storing node closest to alice's records.
 */
class GroupBackupForgerySimTest {
    private static final String PASSWORD = "a long enough password";

    private final ChatSim sim = new ChatSim(20261202L, 5);
    private final GroupUsers users = new GroupUsers(sim);
    private final SecureRandom random = new SecureRandom();
    private GroupId crew;
    private Account alice;

    @BeforeEach
    void invited() {
        users.add("alice");
        users.add("bob");
        alice = Internals.account(users.clients.get("alice"));
        crew = sim.await(users.clients.get("bob").createGroup("crew", List.of("alice")))
                .id();
        settle();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /**
     * The attacker re-signs, with its own key and a higher sequence number, alice's genuine key
     * backup from when she was only invited (its sealed payload untouched, so it opens under her
     * storage key): a device taking the highest version would restore crew as an invitation after
     * she joined. The backup is taken only when signed by alice's identity key. Fails without the
     * owner check in PrivateRecords.open (checked).
     */
    @Test
    void aBackupReSignedByAnotherKey_isIgnored_evenWithAHigherSequenceNumber() {
        DhtKey backupKey = RecordKeys.groupKeys(alice.storageKey(), crew.toString());
        SignedRecord whenInvited = onlyRecord(backupKey);
        sim.await(users.clients.get("alice").joinGroup(crew));
        settle();
        assertThat(onlyRecord(backupKey).seq()).isGreaterThan(whenInvited.seq());
        sim.await(users.clients.get("alice").logout());
        sim.store(sim.hostileServer(backupKey)).alsoServe(reSigned(whenInvited, 1_000));

        ChatClient nodeB = sim.client(ChatSim.device(), ChatSim.CONFIG);
        sim.await(nodeB.login("alice", PASSWORD));
        settle();

        assertThat(sim.await(nodeB.groups()))
                .singleElement()
                .extracting(GroupInfo::joined)
                .as("restored as she left it: joined")
                .isEqualTo(true);
        GroupRecorder onB = new GroupRecorder();
        nodeB.addListener(onB);
        sim.await(users.clients.get("bob").sendToGroup(crew, "still in crew"));
        settle();
        assertThat(onB.shown()).containsExactly("bob: still in crew");
    }

    /**
     * The attacker serves, under alice's chat list key, a list of its own naming a group "trap"
     * and a second copy of crew as left (sealed under its own storage key and signed by its own
     * key, with a higher sequence number): alice's devices never open it. Refused by two checks,
     * the record's owner (PrivateRecords.open) and the seal under alice's storage key; removing
     * either alone leaves this test passing, which is why the test above exists.
     */
    @Test
    void aChatListForgedByAnotherKey_putsNoGroupInTheUsersList() {
        sim.await(users.clients.get("alice").joinGroup(crew));
        settle();
        sim.await(users.clients.get("alice").logout());
        DhtKey listKey = RecordKeys.chats(alice.storageKey());
        Ed25519KeyPair attacker = Ed25519KeyPair.generate(random);
        byte[] trapId = new byte[32];
        random.nextBytes(trapId);
        ChatList forged = ChatList.newBuilder()
                .addGroups(entry(trapId, "trap", GroupStanding.GROUP_JOINED, 5))
                .addGroups(entry(crew.toBytes(), "crew", GroupStanding.GROUP_LEFT, Long.MAX_VALUE))
                .build();
        byte[] attackerStorageKey = new byte[32];
        random.nextBytes(attackerStorageKey);
        sim.store(sim.hostileServer(listKey))
                .alsoServe(new RecordSigner(attacker)
                        .sign(
                                listKey,
                                RecordTypes.CHATS,
                                new byte[0],
                                1_000,
                                RecordTypes.LONG_LIVED.toSeconds(),
                                sealed(attackerStorageKey, listKey, forged.toByteArray())));

        ChatClient nodeB = sim.client(ChatSim.device(), ChatSim.CONFIG);
        sim.await(nodeB.login("alice", PASSWORD));
        settle();

        assertThat(sim.await(nodeB.groups())).extracting(GroupInfo::id).containsExactly(crew);
        assertThat(sim.await(nodeB.chats()))
                .filteredOn(ChatSummary::isGroup)
                .extracting(ChatSummary::peer)
                .containsExactly("crew");
        assertThat(sim.await(Internals.runtime(nodeB).chatList().readLists(Internals.account(nodeB)))
                        .groups())
                .hasSize(1)
                .allSatisfy((id, e) -> assertThat(e.getStanding()).isEqualTo(GroupStanding.GROUP_JOINED));
    }

    private static GroupEntry entry(byte[] id, String name, GroupStanding standing, long at) {
        return GroupEntry.newBuilder()
                .setGroupId(ByteString.copyFrom(id))
                .setName(name)
                .setStanding(standing)
                .setStandingAtMillis(at)
                .setLastActivityMillis(at)
                .setUnread(7)
                .build();
    }

    /** A private record's payload as PrivateRecords seals it, under {@code storageKey}'s key. */
    private byte[] sealed(byte[] storageKey, DhtKey key, byte[] plaintext) {
        byte[] sealKey = Hkdf.sha256(
                new byte[0], storageKey, "confchat/private-records/v1".getBytes(StandardCharsets.US_ASCII), 32);
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] aad = Transcript.tagged("confchat/private-record/v1")
                .add(key.bytes())
                .add(RecordTypes.CHATS)
                .add(new byte[0])
                .bytes();
        return Sealed.newBuilder()
                .setNonce(ByteString.copyFrom(nonce))
                .setCiphertext(ByteString.copyFrom(ChaChaPoly.seal(sealKey, nonce, aad, plaintext)))
                .build()
                .toByteArray();
    }

    private SignedRecord reSigned(SignedRecord genuine, long seq) {
        return new RecordSigner(Ed25519KeyPair.generate(random))
                .sign(genuine.key(), genuine.type(), genuine.slot(), seq, genuine.ttlSeconds(), genuine.payload());
    }

    /** The one record alice's node reads under {@code key}. */
    private SignedRecord onlyRecord(DhtKey key) {
        List<SignedRecord> all =
                sim.await(Internals.node(users.clients.get("bob")).get(key));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private void settle() {
        sim.advance(Duration.ofSeconds(3));
    }
}
