package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.ByteString;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.InvalidUsernameException;
import io.confchat.api.chat.Presence;
import io.confchat.api.chat.UserPage;
import io.confchat.api.chat.UsernameTakenException;
import io.confchat.chat.internal.directory.NameListing;
import io.confchat.chat.internal.proto.Endpoint;
import io.confchat.chat.internal.proto.PresenceRecord;
import io.confchat.chat.internal.proto.Status;
import io.confchat.chat.internal.proto.UserRecord;
import io.confchat.chat.internal.records.NamePages;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.dht.DhtConfig;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.StorageQuotas;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The user directory on the simulated network (docs/architecture.md#the-user-directory): a full
 * prefix page sends newer names one character deeper and every name is still found; a directory
 * entry never makes a client use a key its user record's majority does not back; one registrar's
 * flood does not crowd others out of a page; a name is taken only by the majority of its replicas.
 */
class DirectorySimTest {
    private static final String PASSWORD = "a long enough password";
    private static final long SEED = 20261130L;

    private final List<ChatSim> sims = new ArrayList<>();
    private final SecureRandom random = new SecureRandom(new byte[] {15});

    @AfterEach
    void stop() {
        sims.forEach(ChatSim::close);
    }

    @Test
    void moreNamesThanAPageHolds_overflowOneCharacterDeeper_andEveryNameIsFound() {
        ChatSim sim = sim(6, DhtConfig.defaults());
        List<ChatClient> registrars = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            registrars.add(sim.client());
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String name = String.format("zed%03d", i);
            names.add(name);
            sim.await(registrars.get(i % registrars.size()).register(name, PASSWORD));
        }
        ChatClient reader = sim.client();

        assertThat(sim.nodes().stream()
                        .mapToInt(
                                n -> n.storedRecords(RecordKeys.namePage("zed")).size())
                        .max())
                .as("the first page holds its maximum, no more")
                .hasValue(NamePages.PREFIX_PAGE_NAMES);
        UserPage zed = sim.await(reader.findUsers("zed"));
        assertThat(zed.users()).hasSize(25);
        assertThat(zed.more()).isTrue();
        TreeSet<String> found = new TreeSet<>();
        for (int tens = 0; tens < 30; tens++) {
            UserPage page = sim.await(reader.findUsers(String.format("zed%02d", tens)));
            assertThat(page.more()).isFalse();
            page.users().forEach(p -> found.add(p.username()));
        }
        assertThat(found).containsExactlyElementsOf(names);
        assertThat(sim.await(reader.findUsers("zed299")).users())
                .extracting(Presence::username)
                .containsExactly("zed299");
    }

    @Test
    void aNameListedUnderAKeyNoUserRecordBacks_showsTheOwnersPresence_andANameNobodyOwnsIsDropped() {
        ChatSim sim = sim(5, DhtConfig.defaults());
        ChatClient mallorysClient = sim.client();
        KademliaNode mallorysNode = Internals.node(mallorysClient);
        RecordSigner mallory = new RecordSigner(Ed25519KeyPair.generate(random));
        // mallory lists "alice" first, in every page a reader looks in, and says "alice" is online
        // under her own key; she also lists a name nobody registered
        for (String page : List.of("ali", NamePages.everyonePage("alice"))) {
            sim.await(mallorysNode.put(NameListing.entry(mallory, "alice", page)));
        }
        RecordSigner ghost = new RecordSigner(Ed25519KeyPair.generate(random));
        sim.await(mallorysNode.put(NameListing.entry(ghost, "ghost", "gho")));
        sim.await(mallorysNode.put(fakeOnlinePresence(mallory, "alice", sim)));

        ChatClient alice = sim.client();
        sim.await(alice.register("alice", PASSWORD)); // listed already: the name is what counts
        ChatClient reader = sim.client();

        UserPage found = sim.await(reader.findUsers("alice"));
        assertThat(found.users()).singleElement().satisfies(p -> {
            assertThat(p.username()).isEqualTo("alice");
            assertThat(p.status()).as("read under alice's own key").isEqualTo(Presence.Status.OFFLINE);
        });
        assertThat(sim.await(reader.findUsers("ghost")).users()).isEmpty();
        Optional<UserPage> everyone = sim.await(reader.everyone(Optional.empty()));
        assertThat(everyone)
                .hasValueSatisfying(page -> assertThat(page.users())
                        .extracting(Presence::username, Presence::status)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", Presence.Status.OFFLINE)));

        sim.await(alice.login("alice", PASSWORD));
        assertThat(sim.await(reader.findUsers("ali")).users())
                .extracting(Presence::status)
                .containsExactly(Presence.Status.ONLINE);
    }

    @Test
    void aFloodOfEntriesFromOneRegistrar_takesItsShareOfAPage_andOthersAreStillListedAndFound() {
        ChatSim sim = sim(5, DhtConfig.defaults());
        int flooded = flood(sim, 300);
        ChatClient honest = sim.client();
        sim.await(honest.register("zzzalice", PASSWORD));
        sim.await(sim.client().register("zzzbob", PASSWORD));

        assertThat(flooded).as("entries of the flood any node kept").isLessThan(NamePages.PREFIX_PAGE_NAMES / 8);
        UserPage found = sim.await(sim.client().findUsers("zzz"));
        assertThat(found.users()).extracting(Presence::username).containsExactly("zzzalice", "zzzbob");
    }

    @Test
    void aNameIsTakenByTheMajorityOfItsReplicas_notByOneHostileNodeServingARecordOfItsOwn() {
        ChatSim sim = sim(5, DhtConfig.defaults());
        ChatClient first = sim.client();
        sim.await(first.register("alice", PASSWORD));
        // one hostile node closest to "carol" holds a record for the free name, so it refuses carol
        KademliaNode hostile = sim.hostileServer(RecordKeys.user("carol"));
        ChatClient carol = sim.client();
        // served from now on, not handed to the other replicas (they would take it as a real
        // registration: a validly signed record for a free name is one)
        sim.store(hostile).alsoServe(forgedUserRecord(sim, "carol"));

        Throwable taken = catchThrowable(() -> sim.await(carol.register("alice", PASSWORD)));
        assertThat(taken).hasRootCauseInstanceOf(UsernameTakenException.class);
        sim.await(carol.register("carol", PASSWORD));
        sim.await(carol.login("carol", PASSWORD));
        assertThat(carol.currentUser()).contains("carol");
    }

    @Test
    void aSearchTooShortForALargeNetwork_failsWithAClearReason_andAMalformedPrefixToo() {
        ChatSim sim = sim(4, DhtConfig.defaults());
        ChatClient reader = sim.client();
        sim.await(sim.client().register("bob", PASSWORD));
        assertThat(sim.await(reader.findUsers("b")).users())
                .extracting(Presence::username)
                .containsExactly("bob");
        assertThat(catchThrowable(() -> sim.await(reader.findUsers("b c"))))
                .hasRootCauseInstanceOf(InvalidUsernameException.class)
                .rootCause()
                .hasMessageContaining("not the start of a username");
        fillAnEveryonePage(sim);
        assertThat(sim.await(reader.everyone(Optional.empty()))).isEmpty();
        assertThat(catchThrowable(() -> sim.await(reader.findUsers("b"))))
                .hasRootCauseInstanceOf(InvalidUsernameException.class)
                .rootCause()
                .hasMessageContaining("type at least 3 characters");
        assertThat(sim.await(reader.findUsers("bob")).users())
                .extracting(Presence::username)
                .containsExactly("bob");
    }

    // ---- fixtures ------------------------------------------------------------------------------

    /** One node puts {@code count} entries of fresh keys into page "zzz"; returns the most any node kept. */
    private int flood(ChatSim sim, int count) {
        KademliaNode node = Internals.node(sim.client());
        for (int i = 0; i < count; i++) {
            SignedRecord entry = NameListing.entry(
                    new RecordSigner(Ed25519KeyPair.generate(random)), String.format("zzz%03d", i), "zzz");
            catchThrowable(() -> sim.await(node.put(entry)));
        }
        return sim.servers().stream()
                .mapToInt(s -> (int) s.storedRecords(RecordKeys.namePage("zzz")).stream()
                        .filter(r -> !new String(r.slot(), java.nio.charset.StandardCharsets.UTF_8).startsWith("zzza"))
                        .count())
                .max()
                .orElseThrow();
    }

    /** Entries of many sources (fresh nodes) until one everyone page is full. */
    private void fillAnEveryonePage(ChatSim sim) {
        String page = "*0";
        int listed = 0;
        for (int n = 0; listed < NamePages.EVERYONE_PAGE_NAMES + 4 && n < 100_000; n++) {
            String name = "fill" + n;
            if (!NamePages.everyonePage(name).equals(page)) {
                continue;
            }
            KademliaNode node = Internals.node(sim.client());
            SignedRecord entry = NameListing.entry(new RecordSigner(Ed25519KeyPair.generate(random)), name, page);
            catchThrowable(() -> sim.await(node.put(entry))); // the last few find it full
            listed++;
        }
    }

    /** A well-formed user record for {@code name} under a key of the attacker's (alice's, renamed). */
    private SignedRecord forgedUserRecord(ChatSim sim, String name) {
        SignedRecord model = sim.store(sim.servers().get(0))
                .genuine(RecordKeys.user("alice"))
                .get(0);
        Ed25519KeyPair attacker = Ed25519KeyPair.generate(random);
        UserRecord forged = Payloads.user(model).orElseThrow().toBuilder()
                .setUsername(name)
                .setIdentityKey(ByteString.copyFrom(attacker.publicKey()))
                .build();
        return new RecordSigner(attacker)
                .sign(RecordKeys.user(name), RecordTypes.USER, new byte[0], 1, 86_400, forged.toByteArray());
    }

    private static SignedRecord fakeOnlinePresence(RecordSigner owner, String username, ChatSim sim) {
        byte[] payload = PresenceRecord.newBuilder()
                .setUsername(username)
                .setStatus(Status.STATUS_ONLINE)
                .addEndpoints(Endpoint.newBuilder().setHost("10.9.9.9").setPort(4000))
                .setSessionKey(ByteString.copyFrom(new byte[32]))
                .setIssuedAtMillis(sim.scheduler().now().toEpochMilli())
                .build()
                .toByteArray();
        long seq = sim.scheduler().now().toEpochMilli();
        return owner.sign(
                RecordKeys.presence(owner.ownerPublicKey()), RecordTypes.PRESENCE, new byte[0], seq, 600, payload);
    }

    private ChatSim sim(int servers, DhtConfig dht) {
        ChatSim sim = new ChatSim(SEED, servers, dht);
        sims.add(sim);
        return sim;
    }

    static DhtConfig withoutFairShares() {
        return DhtConfig.builder()
                .quotas(StorageQuotas.builder().keyShareDivisor(1).build())
                .build();
    }
}
