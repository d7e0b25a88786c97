package io.confchat.chat;

import static io.confchat.chat.AccountsIT.failure;
import static io.confchat.chat.AccountsIT.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.confchat.api.DhtKey;
import io.confchat.api.RecordRejectedException;
import io.confchat.api.RejectionReason;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.ChatSummary;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.MessageId;
import io.confchat.api.chat.Presence;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.inbox.InboxSeal;
import io.confchat.chat.internal.proto.AckedItem;
import io.confchat.chat.internal.proto.Endpoint;
import io.confchat.chat.internal.proto.InboxAck;
import io.confchat.chat.internal.proto.PresenceRecord;
import io.confchat.chat.internal.proto.Status;
import io.confchat.chat.internal.proto.UserRecord;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.store.InMemoryRecordStore;
import io.confchat.dht.store.StoredRecord;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Records written or served by an attacker, over real sockets on 127.0.0.1: another key
 * overwriting a user's records, replayed older records, tampered records served by a storing
 * node the attacker runs, and an inbox envelope signed by one user claiming to be from another.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostileRecordsIT {
    private static final String PASSWORD = "a long enough password";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Alice's presence lives a minute, so a replay is tried while her newest record is still held. */
    private static final ChatConfig LONG_PRESENCE = ChatNetwork.FAST.toBuilder()
            .presence(Duration.ofSeconds(60), Duration.ofSeconds(20))
            .build();

    private final SecureRandom random = new SecureRandom();
    private final ChatNetwork network = new ChatNetwork(3);
    /** A storing node run by the attacker: whatever its store holds, it serves. */
    private final KademliaNode hostile = network.server();

    private final ChatClient alice = network.client(LONG_PRESENCE, 0);
    private final ChatClient bob = network.client();
    private final ChatClient mallory = network.client();
    private final RecordingListener aliceEvents = new RecordingListener();
    private final RecordingListener bobEvents = new RecordingListener();

    HostileRecordsIT() {
        join(alice.register("alice", PASSWORD));
        join(bob.register("bob", PASSWORD));
        join(mallory.register("mallory", PASSWORD));
        join(mallory.login("mallory", PASSWORD));
        alice.addListener(aliceEvents);
        bob.addListener(bobEvents);
    }

    @AfterEach
    void stop() {
        network.close();
    }

    // ---- another key writing under someone's keys ------------------------------------------------

    @Test
    void aUserRecordOverwrittenByAnotherKey_isRefusedByEveryNode_andTheOriginalStillLogsIn() {
        DhtKey key = RecordKeys.user("alice");
        SignedRecord original = heldByEveryNode(key).get(0);
        UserRecord genuine = Payloads.user(original).orElseThrow();
        Account m = account(mallory);
        byte[] takeover = genuine.toBuilder()
                .setIdentityKey(ByteString.copyFrom(m.identity().publicKey()))
                .setInboxKey(ByteString.copyFrom(m.inbox().publicKey()))
                .build()
                .toByteArray();

        for (long seq : new long[] {1, 2, Long.MAX_VALUE}) {
            SignedRecord forged = m.signer()
                    .sign(key, RecordTypes.USER, new byte[0], seq, RecordTypes.LONG_LIVED.toSeconds(), takeover);
            assertRefusedEverywhere(forged, RejectionReason.POLICY);
        }

        assertThat(heldByEveryNode(key)).containsExactly(original);
        assertThat(join(Internals.node(bob).get(key))).containsExactly(original);
        join(bob.login("alice", PASSWORD));
        assertThat(bob.currentUser()).contains("alice");
        assertThat(Internals.account(bob).identity().publicKey()).isEqualTo(original.ownerPublicKey());
    }

    @Test
    void aPresenceUnderSomeoneElsesKey_isRefused_andAClaimUnderOnesOwnKeyIsIgnoredByReaders() {
        byte[] aliceKey = Payloads.user(
                        heldByEveryNode(RecordKeys.user("alice")).get(0))
                .orElseThrow()
                .getIdentityKey()
                .toByteArray();
        Account m = account(mallory);
        long seq = System.currentTimeMillis() + 1_000_000;
        byte[] online = PresenceRecord.newBuilder()
                .setUsername("alice")
                .setStatus(Status.STATUS_ONLINE)
                .addEndpoints(Endpoint.newBuilder()
                        .setHost("127.0.0.1")
                        .setPort(mallory.localAddress().getPort()))
                .setIssuedAtMillis(System.currentTimeMillis())
                .build()
                .toByteArray();

        SignedRecord underAlicesKey =
                m.signer().sign(RecordKeys.presence(aliceKey), RecordTypes.PRESENCE, new byte[0], seq, 60, online);
        assertRefusedEverywhere(underAlicesKey, RejectionReason.POLICY);
        // well-formed under mallory's own key, so stored; but it is not alice's
        SignedRecord underOwnKey = m.signer()
                .sign(
                        RecordKeys.presence(m.identity().publicKey()),
                        RecordTypes.PRESENCE,
                        new byte[0],
                        seq,
                        60,
                        online);
        join(Internals.node(mallory).put(underOwnKey));

        for (KademliaNode n : network.allNodes()) {
            assertThat(n.storedRecords(RecordKeys.presence(aliceKey))).isEmpty();
        }
        assertThat(statusOf(bob, "alice")).isEqualTo(Presence.Status.OFFLINE);
        assertThat(join(Internals.runtime(bob).presences().read("alice", aliceKey))
                        .endpoints())
                .isEmpty();
    }

    @Test
    void anInboxAckBySomeoneOtherThanTheOwner_isRefused_andDeletesNothing() {
        join(bob.login("bob", PASSWORD));
        Conversation toAlice = join(bob.open("alice"));
        assertThat(join(toAlice.send("waiting for alice")).state()).isEqualTo(DeliveryState.QUEUED);
        UserKeys aliceKeys = keysOf("alice");
        DhtKey inbox = RecordKeys.inbox(aliceKeys.identityKey());
        SignedRecord item = heldByEveryNode(inbox).stream()
                .filter(r -> r.type().equals(RecordTypes.INBOX))
                .findFirst()
                .orElseThrow();

        Account m = account(mallory);
        byte[] ack = InboxAck.newBuilder()
                .addItems(AckedItem.newBuilder()
                        .setSenderIdentityKey(ByteString.copyFrom(item.ownerPublicKey()))
                        .setMessageId(ByteString.copyFrom(item.slot()))
                        .setAckedAtMillis(System.currentTimeMillis()))
                .build()
                .toByteArray();
        SignedRecord forgedAck = m.signer()
                .sign(
                        inbox,
                        RecordTypes.INBOX_ACK,
                        Payloads.ACK_SLOT,
                        System.currentTimeMillis(),
                        RecordTypes.INBOX_TTL.toSeconds(),
                        ack);
        assertRefusedEverywhere(forgedAck, RejectionReason.POLICY);

        for (KademliaNode n : network.allNodes()) {
            assertThat(n.storedRecords(inbox)).as("inbox at %s", n).containsExactly(item);
        }
        join(alice.login("alice", PASSWORD));
        assertThat(aliceEvents.texts()).containsExactly("waiting for alice");
    }

    // ---- a forged sender inside an inbox envelope ------------------------------------------------

    @Test
    void anInboxEnvelopeSignedByOneUserClaimingToBeFromAnother_isDropped_andDeleted() {
        UserKeys aliceKeys = keysOf("alice");
        Account m = account(mallory);
        Account posingAsBob = new Account("bob", m.identity(), m.inbox(), m.storageKey());
        ChatMessage forgedMessage = new ChatMessage(
                MessageId.random(random), "bob", "alice", Instant.now(), "send your password to mallory", false);
        join(Internals.node(mallory).put(InboxSeal.seal(posingAsBob, aliceKeys, forgedMessage)));
        join(bob.login("bob", PASSWORD));
        Conversation toAlice = join(bob.open("alice"));
        assertThat(join(toAlice.send("the genuine one")).state()).isEqualTo(DeliveryState.QUEUED);
        DhtKey inbox = RecordKeys.inbox(aliceKeys.identityKey());
        assertThat(heldByEveryNode(inbox))
                .filteredOn(r -> r.type().equals(RecordTypes.INBOX))
                .hasSize(2);

        ChatClient aliceElsewhere = network.client();
        RecordingListener elsewhere = new RecordingListener();
        aliceElsewhere.addListener(elsewhere);
        join(aliceElsewhere.login("alice", PASSWORD));

        assertThat(elsewhere.texts()).containsExactly("the genuine one");
        assertThat(join(aliceElsewhere.history("bob")))
                .extracting(ChatMessage::text)
                .containsExactly("the genuine one");
        // acknowledged with the genuine one, so storing nodes delete it too
        await().atMost(PATIENCE)
                .until(() -> network.allNodes().stream()
                        .flatMap(n -> n.storedRecords(inbox).stream())
                        .noneMatch(r -> r.type().equals(RecordTypes.INBOX)));
        assertThat(elsewhere.texts()).containsExactly("the genuine one");
    }

    // ---- tampered records served by a storing node -----------------------------------------------

    @Test
    void tamperedCopiesServedByAStoringNode_areIgnoredByReaders_whoGetTheGenuineRecords() {
        join(alice.login("alice", PASSWORD));
        Conversation toBob = join(alice.open("bob"));
        join(toBob.send("kept safe in history"));
        join(toBob.close());
        join(alice.logout());
        byte[] aliceKey = keysOf("alice").identityKey();

        InMemoryRecordStore store = network.store(hostile);
        Map<DhtKey, List<SignedRecord>> genuine = new HashMap<>();
        for (DhtKey key : store.keys()) {
            List<SignedRecord> own = heldByEveryNode(key).stream()
                    .filter(r -> r.isOwnedBy(aliceKey))
                    .toList();
            if (!own.isEmpty()) {
                genuine.put(key, own);
            }
        }
        int n = 0;
        Instant now = Instant.now();
        for (List<SignedRecord> records : genuine.values()) {
            for (SignedRecord r : records) {
                store.put(new StoredRecord(tamper(r, n++), now, now.plusSeconds(3600), "local"));
            }
        }
        assertThat(genuine.values().stream().flatMap(List::stream).map(SignedRecord::type))
                .contains(
                        RecordTypes.USER,
                        RecordTypes.NAME,
                        RecordTypes.PRESENCE,
                        RecordTypes.HISTORY,
                        RecordTypes.CHATS);

        for (Map.Entry<DhtKey, List<SignedRecord>> e : genuine.entrySet()) {
            List<SignedRecord> read = join(Internals.node(bob).get(e.getKey())).stream()
                    .filter(r -> r.isOwnedBy(aliceKey))
                    .toList();
            assertThat(read)
                    .as("alice's records under %s", e.getKey())
                    .containsExactlyInAnyOrderElementsOf(e.getValue());
        }
        join(bob.login("alice", PASSWORD));
        assertThat(join(bob.history("bob"))).extracting(ChatMessage::text).containsExactly("kept safe in history");
    }

    /** A copy with a higher seq (so it would win if believed) and, in turn, a flipped payload or signature. */
    private static SignedRecord tamper(SignedRecord r, int variant) {
        byte[] payload = r.payload();
        byte[] signature = r.signature();
        if (variant % 3 == 1 && payload.length > 0) {
            payload[payload.length - 1] ^= 0x01;
        } else if (variant % 3 == 2) {
            signature[0] ^= 0x01;
        }
        return SignedRecord.of(
                r.key(), r.type(), r.ownerPublicKey(), r.slot(), r.seq() + 1, r.ttlSeconds(), payload, signature);
    }

    // ---- replays of older records ----------------------------------------------------------------

    @Test
    void aReplayedOlderPresence_isRefusedByStoringNodes_andReadersKeepTheNewest() {
        join(alice.login("alice", PASSWORD));
        byte[] aliceKey = keysOf("alice").identityKey();
        DhtKey key = RecordKeys.presence(aliceKey);
        SignedRecord online = heldByEveryNode(key).get(0);
        assertThat(statusOf(bob, "alice")).isEqualTo(Presence.Status.ONLINE);

        join(alice.logout()); // publishes OFFLINE with a higher seq
        await().atMost(PATIENCE).until(() -> statusOf(bob, "alice") == Presence.Status.OFFLINE);

        assertRefusedEverywhere(online, RejectionReason.STALE_SEQUENCE);
        // a storing node that serves the old record anyway
        Instant now = Instant.now();
        network.store(hostile).put(new StoredRecord(online, now, now.plusSeconds(3600), "local"));

        assertThat(statusOf(bob, "alice")).isEqualTo(Presence.Status.OFFLINE);
        assertThat(join(Internals.runtime(bob).presences().read("alice", aliceKey))
                        .isOnline())
                .isFalse();
    }

    @Test
    void replayedOlderChatListAndHistoryIndex_areRefused_andReadersKeepTheNewest() {
        ChatClient carol = network.client();
        join(carol.register("carol", PASSWORD));
        join(alice.login("alice", PASSWORD));
        Account a = Internals.account(alice);
        DhtKey chats = RecordKeys.chats(a.storageKey());
        DhtKey history = RecordKeys.history(a.storageKey(), "bob");

        chatOffline(alice, "bob", "first to bob");
        SignedRecord oldChats = heldByEveryNode(chats).get(0);
        SignedRecord oldIndex = index(heldByEveryNode(history));
        chatOffline(alice, "carol", "to carol");
        chatOffline(alice, "bob", "second to bob");
        assertThat(Long.compareUnsigned(index(heldByEveryNode(history)).seq(), oldIndex.seq()))
                .isPositive();
        assertThat(Long.compareUnsigned(heldByEveryNode(chats).get(0).seq(), oldChats.seq()))
                .isPositive();

        assertRefusedEverywhere(oldChats, RejectionReason.STALE_SEQUENCE);
        assertRefusedEverywhere(oldIndex, RejectionReason.STALE_SEQUENCE);
        Instant now = Instant.now();
        network.store(hostile).put(new StoredRecord(oldChats, now, now.plusSeconds(3600), "local"));
        network.store(hostile).put(new StoredRecord(oldIndex, now, now.plusSeconds(3600), "local"));

        assertThat(join(alice.chats())).extracting(ChatSummary::peer).containsExactlyInAnyOrder("bob", "carol");
        assertThat(join(alice.history("bob")))
                .extracting(ChatMessage::text)
                .containsExactly("first to bob", "second to bob");
        // from another node too
        join(alice.logout());
        join(bob.login("alice", PASSWORD));
        assertThat(join(bob.chats())).extracting(ChatSummary::peer).containsExactlyInAnyOrder("bob", "carol");
        assertThat(join(bob.history("bob")))
                .extracting(ChatMessage::text)
                .containsExactly("first to bob", "second to bob");
    }

    private static void chatOffline(ChatClient from, String to, String text) {
        Conversation c = join(from.open(to));
        assertThat(join(c.send(text)).state()).isEqualTo(DeliveryState.QUEUED);
        join(c.close());
    }

    private static SignedRecord index(List<SignedRecord> history) {
        return history.stream()
                .filter(r -> new String(r.slot(), java.nio.charset.StandardCharsets.US_ASCII).equals("index"))
                .findFirst()
                .orElseThrow();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Puts through mallory's node and expects every storing node, mallory's included, to refuse. */
    private void assertRefusedEverywhere(SignedRecord r, RejectionReason reason) {
        Throwable refused = failure(Internals.node(mallory).put(r));
        assertThat(refused).isInstanceOf(RecordRejectedException.class);
        assertThat(((RecordRejectedException) refused).reason()).isEqualTo(reason);
        for (KademliaNode n : network.allNodes()) {
            assertThat(n.storedRecords(r.key())).as("at %s", n).doesNotContain(r);
        }
    }

    /** The records under {@code key}, the same on every node (checked). */
    private List<SignedRecord> heldByEveryNode(DhtKey key) {
        List<KademliaNode> nodes = network.allNodes();
        await().atMost(PATIENCE)
                .until(() -> nodes.stream()
                                .map(n -> Set.copyOf(n.storedRecords(key)))
                                .distinct()
                                .count()
                        == 1);
        List<SignedRecord> held = nodes.get(0).storedRecords(key);
        assertThat(held).as("records under %s", key).isNotEmpty();
        return held;
    }

    private UserKeys keysOf(String user) {
        return join(Internals.node(mallory).get(RecordKeys.user(user))).stream()
                .flatMap(r -> Payloads.user(r).stream())
                .map(u -> new UserKeys(
                        u.getUsername(),
                        u.getIdentityKey().toByteArray(),
                        u.getInboxKey().toByteArray()))
                .findFirst()
                .orElseThrow();
    }

    private static Presence.Status statusOf(ChatClient reader, String user) {
        return join(reader.users()).stream()
                .filter(p -> p.username().equals(user))
                .findFirst()
                .orElseThrow()
                .status();
    }

    private static Account account(ChatClient c) {
        return Internals.account(c);
    }
}
