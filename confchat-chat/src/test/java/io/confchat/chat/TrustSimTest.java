package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.confchat.api.DhtKey;
import io.confchat.api.RecordRejectedException;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.MessageId;
import io.confchat.api.chat.PeerKeyChangedException;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.inbox.InboxSeal;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.sim.SeededRandom;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a hostile storing node or a hostile user can do to who a name belongs to and which
 * messages arrive, on the simulated network: a node closest to a user record serving its own
 * record for the name, a user reusing a pending message's id and flooding an inbox, a name whose
 * key changes after it was pinned, the same name registered on both sides of a network split.
 */
class TrustSimTest {
    private static final String PASSWORD = "a long enough password";
    private static final String OTHER_PASSWORD = "another long password";
    private static final long SEED = 20261129L;
    private static final Duration POLL = ChatSim.CONFIG.inboxPollInterval();

    private final SecureRandom random = seeded(SEED);
    private final List<ChatSim> sims = new ArrayList<>();

    @AfterEach
    void stop() {
        sims.forEach(ChatSim::close);
    }

    @Test
    void aHostileNodeClosestToAName_servingItsOwnRecordForIt_neverGetsTheNamesMessages() {
        ChatSim sim = sim(5);
        DhtKey aliceRecord = RecordKeys.user("alice");
        KademliaNode hostile = sim.hostileServer(aliceRecord);
        ChatClient alice = registered(sim, "alice");
        ChatClient bob = registered(sim, "bob");
        SignedRecord genuine =
                sim.store(sim.servers().get(0)).genuine(aliceRecord).get(0);
        Account impostor = impostorOf("alice", genuine.ownerPublicKey());
        sim.store(hostile).alsoServe(Forgeries.userRecord(impostor, genuine));
        assertThat(closestTo(sim, aliceRecord)).isEqualTo(hostile.localAddress());

        RecordingListener bobEvents = listen(bob);
        sim.await(bob.login("bob", PASSWORD));
        Conversation toAlice = sim.await(bob.open("alice"));
        assertThat(sim.await(toAlice.send("for alice only")).state()).isEqualTo(DeliveryState.QUEUED);
        sim.await(toAlice.close());

        DhtKey impostorInbox = RecordKeys.inbox(impostor.identity().publicKey());
        assertThat(sim.nodes())
                .allSatisfy(n -> assertThat(n.storedRecords(impostorInbox)).isEmpty());
        RecordingListener aliceEvents = listen(alice);
        sim.await(alice.login("alice", PASSWORD));
        assertThat(aliceEvents.texts()).containsExactly("for alice only");
        assertThat(bobEvents.nameConflicts).singleElement().satisfies(c -> {
            assertThat(c.username()).isEqualTo("alice");
            assertThat(c.leadingKey()).isEqualTo(fingerprint(genuine.ownerPublicKey()));
            assertThat(c.otherKey()).isEqualTo(fingerprint(impostor.identity().publicKey()));
            assertThat(c.otherVotes()).isEqualTo(1);
            assertThat(c.leadingVotes()).isGreaterThan(1);
            assertThat(c.isTied()).isFalse();
        });
    }

    @Test
    void aUserReusingAPendingMessagesId_andFloodingTheInbox_makesNoGenuineMessageVanish() {
        ChatSim sim = sim(4);
        ChatClient alice = registered(sim, "alice");
        ChatClient bob = registered(sim, "bob");
        ChatClient mallory = registered(sim, "mallory");
        RecordingListener bobEvents = listen(bob);
        sim.await(bob.login("bob", PASSWORD));
        sim.await(mallory.login("mallory", PASSWORD));
        Conversation toAlice = sim.await(bob.open("alice"));
        Delivery genuine = sim.await(toAlice.send("the genuine one"));
        assertThat(genuine.state()).isEqualTo(DeliveryState.QUEUED);

        // the pending item's id is public: it is the item's slot under alice's inbox key
        UserKeys aliceKeys = sim.keysOf("alice");
        DhtKey inbox = RecordKeys.inbox(aliceKeys.identityKey());
        byte[] bobKey = Internals.account(bob).identity().publicKey();
        SignedRecord bobsItem = sim.store(sim.servers().get(0)).genuine(inbox).stream()
                .filter(r -> r.isOwnedBy(bobKey))
                .findFirst()
                .orElseThrow();
        MessageId pendingId = MessageId.of(bobsItem.slot());
        assertThat(pendingId).isEqualTo(genuine.message().id());
        Account m = Internals.account(mallory);
        KademliaNode malloryNode = Internals.node(mallory);
        sim.await(malloryNode.put(InboxSeal.seal(m, aliceKeys, message(sim, pendingId, "same id, other sender"))));
        int refused = 0;
        for (int i = 0; i < 70; i++) {
            Throwable t = catchThrowable(
                    () -> sim.await(malloryNode.put(InboxSeal.seal(m, aliceKeys, message(sim, randomId(), "flood")))));
            if (t != null) {
                assertThat(t).hasRootCauseInstanceOf(RecordRejectedException.class);
                refused++;
            }
        }
        assertThat(refused).as("puts beyond the per-sender room").isEqualTo(7);
        sim.advance(POLL.multipliedBy(2));
        assertThat(bobEvents.deliveries).noneMatch(d -> d.state() == DeliveryState.DELIVERED);

        RecordingListener aliceEvents = listen(alice);
        sim.await(alice.login("alice", PASSWORD));

        assertThat(aliceEvents.messages)
                .filteredOn(msg -> msg.from().equals("bob"))
                .singleElement()
                .satisfies(msg -> {
                    assertThat(msg.text()).isEqualTo("the genuine one");
                    assertThat(msg.id()).isEqualTo(pendingId);
                });
        assertThat(aliceEvents.messages)
                .filteredOn(msg -> msg.from().equals("mallory"))
                .extracting(ChatMessage::text)
                .hasSize(64)
                .containsOnlyOnce("same id, other sender");
        sim.advance(POLL.multipliedBy(2));
        assertThat(bobEvents.deliveries)
                .filteredOn(d -> d.state() == DeliveryState.DELIVERED)
                .singleElement()
                .satisfies(d -> assertThat(d.message().id()).isEqualTo(pendingId));
    }

    @Test
    void aPinnedPeerWhoseNameNowResolvesToAnotherKey_isRefusedEveryWay_untilTheChangeIsAccepted() {
        ChatSim sim = sim(3);
        ChatClient alice = registered(sim, "alice");
        ChatClient bob = registered(sim, "bob");
        RecordingListener bobEvents = listen(bob);
        sim.await(alice.login("alice", PASSWORD));
        sim.await(bob.login("bob", PASSWORD));
        Conversation first = sim.await(alice.open("bob"));
        assertThat(sim.await(first.send("first contact")).state()).isEqualTo(DeliveryState.DELIVERED);
        sim.await(first.close());
        sim.await(alice.logout());

        // alice's account re-created (or taken over): every node now serves only the new record
        SignedRecord recreated = recreatedElsewhere("alice");
        for (KademliaNode n : sim.nodes()) {
            sim.store(n).serveInstead(RecordKeys.user("alice"), List.of(recreated));
        }
        ChatClient newAlice = sim.client();
        sim.await(newAlice.login("alice", OTHER_PASSWORD));
        Conversation fromNewAlice = sim.await(newAlice.open("bob"));
        assertThat(fromNewAlice.isLive()).as("bob refused the dialer").isFalse();
        assertThat(sim.await(fromNewAlice.send("it is me, new key")).state()).isEqualTo(DeliveryState.QUEUED);
        sim.advance(POLL.multipliedBy(3));

        assertThat(bobEvents.texts()).containsExactly("first contact");
        assertThat(bobEvents.keyChanges).containsExactly("alice");
        assertThat(sim.streams().connectionsBetween(newAlice.localAddress(), bob.localAddress()))
                .as("told it was refused, the dialer does not redial")
                .isEqualTo(1);
        Throwable refused = catchThrowable(() -> sim.await(bob.open("alice")));
        assertThat(refused).isInstanceOf(CompletionException.class);
        assertThat(refused.getCause()).isInstanceOf(PeerKeyChangedException.class);
        DhtKey bobInbox = RecordKeys.inbox(Internals.account(bob).identity().publicKey());
        assertThat(sim.store(sim.servers().get(0)).genuine(bobInbox))
                .as("held, not acknowledged")
                .anyMatch(r -> r.type().equals(RecordTypes.INBOX));

        sim.await(bob.acceptKeyChange("alice"));
        sim.advance(POLL.multipliedBy(2));
        assertThat(bobEvents.texts()).containsExactly("first contact", "it is me, new key");
        Conversation toNewAlice = sim.await(bob.open("alice"));
        assertThat(toNewAlice.isLive()).isTrue();
        assertThat(sim.await(toNewAlice.send("welcome back")).state()).isEqualTo(DeliveryState.DELIVERED);
    }

    /**
     * An accepted dialer's name is resolved once, not at every session (ConfirmedNames): bob's
     * second session with alice reads no replica of bob's user record; one ten minutes later
     * resolves it again.
     */
    @Test
    void aDialersName_isResolvedOnceForItsSessionsWithinTenMinutes_thenAgain() {
        ChatSim sim = sim(3);
        ChatClient alice = registered(sim, "alice");
        ChatClient bob = registered(sim, "bob");
        sim.await(alice.login("alice", PASSWORD));
        sim.await(bob.login("bob", PASSWORD));
        DhtKey bobsRecord = RecordKeys.user("bob");
        int before = sim.reads(bobsRecord);
        chatOnce(sim, bob, "alice", "first");
        int afterFirst = sim.reads(bobsRecord);
        assertThat(afterFirst).as("alice resolved the dialer's name").isGreaterThan(before);

        chatOnce(sim, bob, "alice", "second");
        assertThat(sim.reads(bobsRecord)).as("confirmed a moment ago").isEqualTo(afterFirst);

        sim.advance(Duration.ofMinutes(10));
        chatOnce(sim, bob, "alice", "third");
        assertThat(sim.reads(bobsRecord)).as("resolved again after ten minutes").isGreaterThan(afterFirst);
    }

    /**
     * A binding confirmed a moment ago does not outvote the pin: alice accepted bob's dial (bob's
     * key confirmed), then bob's account was re-created and alice accepted the new key; the old
     * bob, still logged in with the old key, dials again within the ten minutes and is refused.
     * Accepted when the pin check on a confirmed binding (Sessions.accept, `trusted.test`) is
     * removed (checked).
     */
    @Test
    void aDialerConfirmedAMomentAgo_isStillRefused_whenThePinNowHoldsAnotherKey() {
        ChatSim sim = sim(3);
        ChatClient alice = registered(sim, "alice");
        ChatClient bob = registered(sim, "bob");
        RecordingListener aliceEvents = listen(alice);
        sim.await(alice.login("alice", PASSWORD));
        sim.await(bob.login("bob", PASSWORD));
        chatOnce(sim, bob, "alice", "first contact");

        SignedRecord recreated = recreatedElsewhere("bob");
        for (KademliaNode n : sim.nodes()) {
            sim.store(n).serveInstead(RecordKeys.user("bob"), List.of(recreated));
        }
        sim.await(alice.acceptKeyChange("bob"));
        Conversation fromOldBob = sim.await(bob.open("alice"));

        assertThat(fromOldBob.isLive()).as("alice refused the old key").isFalse();
        assertThat(sim.await(fromOldBob.send("still me, old key")).state()).isEqualTo(DeliveryState.QUEUED);
        sim.advance(POLL.multipliedBy(2));
        assertThat(aliceEvents.texts()).containsExactly("first contact");
    }

    /**
     * "Confirmed in the last 10 minutes" must mean confirmed by a resolution: bob's name is
     * re-registered elsewhere a minute after alice resolved it, and the old bob (still pinned at
     * alice: she never accepted the change) keeps dialing every six minutes. Twelve minutes after
     * the last resolution a fresh resolution would refuse his old key; a session taken from the
     * cache must not refresh the binding's age, or the old key is accepted for as long as it keeps
     * dialing.
     */
    @Test
    void aBindingTakenFromTheCache_doesNotRenewItself_soAReRegisteredNameIsResolvedAfterTenMinutes() {
        ChatSim sim = sim(3);
        ChatClient alice = registered(sim, "alice");
        ChatClient bob = registered(sim, "bob");
        RecordingListener aliceEvents = listen(alice);
        sim.await(alice.login("alice", PASSWORD));
        sim.await(bob.login("bob", PASSWORD));
        chatOnce(sim, bob, "alice", "resolved"); // t=0: alice resolves bob and confirms him

        sim.advance(Duration.ofMinutes(1));
        SignedRecord recreated = recreatedElsewhere("bob");
        for (KademliaNode n : sim.nodes()) {
            sim.store(n).serveInstead(RecordKeys.user("bob"), List.of(recreated));
        }
        sim.advance(Duration.ofMinutes(5));
        chatOnce(sim, bob, "alice", "from the cache"); // t=6: within ten minutes, the documented window

        sim.advance(Duration.ofMinutes(6)); // t=12: twelve minutes after the only resolution
        Conversation fromOldBob = sim.await(bob.open("alice"));
        assertThat(fromOldBob.isLive())
                .as("the name now resolves to another key: the old key is refused")
                .isFalse();
        sim.await(fromOldBob.send("twelve minutes later, old key"));
        sim.advance(POLL.multipliedBy(2));
        assertThat(aliceEvents.texts()).containsExactly("resolved", "from the cache");
    }

    /**
     * A dial renews the binding too (Sessions.handshakeAsDialer), with whatever keys the caller
     * held: GroupChannels keeps a member's keys for the whole login ("an account's keys never
     * change") and dials with them. alice resolved bob once; his name is re-registered elsewhere;
     * alice keeps reaching the old bob with the keys she held (here Login.open(UserKeys), as
     * GroupChannels.reach does) every six minutes, and each dial renews the binding, so the old
     * bob's own dial fourteen minutes after the only resolution is still accepted from the cache.
     */
    @Test
    void aDialWithKeysHeldSinceLongAgo_doesNotRenewTheBinding() {
        ChatSim sim = sim(3);
        ChatClient alice = registered(sim, "alice");
        ChatClient bob = registered(sim, "bob");
        RecordingListener aliceEvents = listen(alice);
        sim.await(alice.login("alice", PASSWORD));
        sim.await(bob.login("bob", PASSWORD));
        UserKeys oldBob = sim.keysOf("bob");
        chatOnce(sim, bob, "alice", "resolved"); // t=0: alice resolves bob and confirms him

        sim.advance(Duration.ofMinutes(1));
        SignedRecord recreated = recreatedElsewhere("bob");
        for (KademliaNode n : sim.nodes()) {
            sim.store(n).serveInstead(RecordKeys.user("bob"), List.of(recreated));
        }
        for (int i = 0; i < 2; i++) { // t=7, t=13: alice reaches the old bob with the keys she held
            sim.advance(Duration.ofMinutes(6));
            Conversation c = sim.await(Internals.login(alice).open(oldBob));
            assertThat(c.isLive()).isTrue();
            sim.await(c.close());
            sim.advance(Duration.ofSeconds(5));
        }

        sim.advance(Duration.ofMinutes(1)); // t=14
        Conversation fromOldBob = sim.await(bob.open("alice"));
        assertThat(fromOldBob.isLive())
                .as("fourteen minutes after the only resolution, the name resolves to another key")
                .isFalse();
        sim.await(fromOldBob.send("old key"));
        sim.advance(POLL.multipliedBy(2));
        assertThat(aliceEvents.texts()).containsExactly("resolved");
    }

    /** {@code from} opens a live chat with {@code to}, has {@code text} delivered, and closes it. */
    private static void chatOnce(ChatSim sim, ChatClient from, String to, String text) {
        Conversation c = sim.await(from.open(to));
        assertThat(c.isLive()).isTrue();
        assertThat(sim.await(c.send(text)).state()).isEqualTo(DeliveryState.DELIVERED);
        sim.await(c.close());
        sim.advance(Duration.ofSeconds(5));
        assertThat(Internals.login(from).session(to)).as("the session ended").isEmpty();
    }

    @Test
    void oneNameRegisteredOnBothSidesOfASplit_isReportedAfterTheHeal_andNeitherAccountLosesAnything() {
        ChatSim sim = sim(7);
        List<KademliaNode> servers = List.copyOf(sim.servers());
        ChatClient carol = registered(sim, "carol");
        ChatClient samHere = sim.client(ChatSim.device(), ChatSim.CONFIG, servers.get(0));
        ChatClient samThere = sim.client(ChatSim.device(), ChatSim.CONFIG, servers.get(6));
        List<InetSocketAddress> bigSide = new ArrayList<>();
        servers.subList(0, 5).forEach(n -> bigSide.add(n.localAddress()));
        bigSide.add(samHere.localAddress());
        bigSide.add(carol.localAddress());
        sim.network().partition(bigSide);

        sim.await(samHere.register("sam", PASSWORD));
        sim.await(samThere.register("sam", OTHER_PASSWORD));
        sendOffline(sim, samHere, PASSWORD, "hello carol, from the big side");
        sendOffline(sim, samThere, OTHER_PASSWORD, "hello carol, from the small side");
        sim.network().heal();
        sim.advance(Duration.ofMinutes(2));

        RecordingListener carolEvents = listen(carol);
        sim.await(carol.login("carol", PASSWORD));
        assertThat(carolEvents.texts()).containsExactly("hello carol, from the big side");
        assertThat(carolEvents.nameConflicts).singleElement().satisfies(c -> {
            assertThat(c.username()).isEqualTo("sam");
            assertThat(c.leadingVotes()).isGreaterThan(c.otherVotes());
        });
        byte[] majority = sim.keysOf("sam").identityKey();
        sim.await(samHere.login("sam", PASSWORD));
        assertThat(Internals.account(samHere).identity().publicKey()).isEqualTo(majority);
        assertThat(texts(sim.await(samHere.history("carol")))).containsExactly("hello carol, from the big side");
        sim.await(samThere.login("sam", OTHER_PASSWORD));
        assertThat(texts(sim.await(samThere.history("carol")))).containsExactly("hello carol, from the small side");
        DhtKey carolInbox = RecordKeys.inbox(Internals.account(carol).identity().publicKey());
        byte[] minority = Internals.account(samThere).identity().publicKey();
        assertThat(sim.store(servers.get(0)).genuine(carolInbox))
                .as("the other sam's message is kept, neither shown under the name nor deleted")
                .anyMatch(r -> r.type().equals(RecordTypes.INBOX) && r.isOwnedBy(minority));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private ChatSim sim(int servers) {
        ChatSim sim = new ChatSim(SEED, servers);
        sims.add(sim);
        return sim;
    }

    private static ChatClient registered(ChatSim sim, String name) {
        ChatClient c = sim.client();
        sim.await(c.register(name, PASSWORD));
        return c;
    }

    private static RecordingListener listen(ChatClient c) {
        RecordingListener l = new RecordingListener();
        c.addListener(l);
        return l;
    }

    private static void sendOffline(ChatSim sim, ChatClient from, String password, String text) {
        sim.await(from.login("sam", password));
        Conversation c = sim.await(from.open("carol"));
        assertThat(sim.await(c.send(text)).state()).isEqualTo(DeliveryState.QUEUED);
        sim.await(c.close());
        sim.await(from.logout());
    }

    /** The user record of {@code name} as registered on another network, with another password. */
    private SignedRecord recreatedElsewhere(String name) {
        ChatSim elsewhere = new ChatSim(SEED + 1, 1);
        sims.add(elsewhere);
        ChatClient c = elsewhere.client();
        elsewhere.await(c.register(name, OTHER_PASSWORD));
        return elsewhere
                .store(elsewhere.servers().get(0))
                .genuine(RecordKeys.user(name))
                .get(0);
    }

    /** The attacker's keys for {@code name}, its identity key ground to sort below {@code victim}'s. */
    private Account impostorOf(String name, byte[] victim) {
        for (int i = 0; i < 1000; i++) {
            Ed25519KeyPair identity = Ed25519KeyPair.generate(random);
            if (Arrays.compareUnsigned(identity.publicKey(), victim) < 0) {
                return new Account(name, identity, X25519KeyPair.generate(random), new byte[32]);
            }
        }
        throw new IllegalStateException("no smaller key in 1000 tries");
    }

    private static InetSocketAddress closestTo(ChatSim sim, DhtKey key) {
        KademliaNode closest = sim.nodes().get(0);
        for (KademliaNode n : sim.nodes()) {
            if (closer(n.localId().bytes(), closest.localId().bytes(), key.bytes())) {
                closest = n;
            }
        }
        return closest.localAddress();
    }

    private static boolean closer(byte[] a, byte[] b, byte[] target) {
        for (int i = 0; i < target.length; i++) {
            int c = Integer.compare((a[i] ^ target[i]) & 0xff, (b[i] ^ target[i]) & 0xff);
            if (c != 0) {
                return c < 0;
            }
        }
        return false;
    }

    private static ChatMessage message(ChatSim sim, MessageId id, String text) {
        return new ChatMessage(id, "mallory", "alice", sim.scheduler().now(), text, false);
    }

    private MessageId randomId() {
        return MessageId.random(random);
    }

    private static List<String> texts(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::text).toList();
    }

    private static String fingerprint(byte[] key) {
        return HexFormat.of().formatHex(key, 0, 8);
    }

    private static SecureRandom seeded(long seed) {
        return SeededRandom.of(seed);
    }
}
