package io.confchat.chat;

import static io.confchat.chat.AccountsIT.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.DeliveryState;
import io.confchat.dht.internal.wire.RecordCodec;
import io.confchat.dht.store.InMemoryRecordStore;
import io.confchat.dht.store.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * After a scripted conversation (register, login on other nodes, live chat both ways, an offline
 * message, logout, history read), every byte of every record on every node (servers and the
 * clients' own nodes) is scanned: no message text and no password appears anywhere, and a user's
 * own records never name the people the user chats with. Usernames themselves are public.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PlaintextLeakIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String ALICE = "alice-q7x2k";
    private static final String BOB = "bob-w9m4z";
    private static final String ALICE_PASSWORD = "pw-alice-Zr8#unique-31415";
    private static final String BOB_PASSWORD = "pw-bob-Kt5$unique-27182";
    private static final List<String> TEXTS = List.of(
            "live-a2b-text-7f3e9c1d", "live-b2a-text-4c8a2e6b", "offline-a2b-text-9d1f5a3c", "after-logout-b2a-5e7c");

    private final ChatNetwork network = new ChatNetwork(3);

    @AfterEach
    void stop() {
        network.close();
    }

    @Test
    void noTextPasswordOrContactNameIsStoredInPlaintext_onAnyNode() {
        ChatClient registrar = network.client();
        join(registrar.register(ALICE, ALICE_PASSWORD));
        join(registrar.register(BOB, BOB_PASSWORD));
        ChatClient alice = network.client();
        ChatClient bob = network.client();
        RecordingListener bobEvents = new RecordingListener();
        RecordingListener aliceEvents = new RecordingListener();
        alice.addListener(aliceEvents);
        bob.addListener(bobEvents);
        join(alice.login(ALICE, ALICE_PASSWORD));
        join(bob.login(BOB, BOB_PASSWORD));

        Conversation toBob = join(alice.open(BOB));
        assertThat(toBob.isLive()).isTrue();
        assertThat(join(toBob.send(TEXTS.get(0))).state()).isEqualTo(DeliveryState.DELIVERED);
        await().atMost(PATIENCE).until(() -> bobEvents.texts().contains(TEXTS.get(0)));
        Conversation toAlice = join(bob.open(ALICE));
        assertThat(join(toAlice.send(TEXTS.get(1))).state()).isEqualTo(DeliveryState.DELIVERED);
        await().atMost(PATIENCE).until(() -> aliceEvents.texts().contains(TEXTS.get(1)));
        join(toBob.close());
        join(toAlice.close());
        join(bob.logout());

        Conversation offline = join(alice.open(BOB));
        assertThat(join(offline.send(TEXTS.get(2))).state()).isEqualTo(DeliveryState.QUEUED);
        join(offline.close());
        Scan whileQueued = scan(); // the inbox item is still there
        join(alice.logout());

        ChatClient bobElsewhere = network.client();
        RecordingListener elsewhere = new RecordingListener();
        bobElsewhere.addListener(elsewhere);
        join(bobElsewhere.login(BOB, BOB_PASSWORD));
        assertThat(elsewhere.texts()).containsExactly(TEXTS.get(2));
        Conversation reply = join(bobElsewhere.open(ALICE));
        assertThat(join(reply.send(TEXTS.get(3))).state()).isEqualTo(DeliveryState.QUEUED);
        join(reply.close());
        assertThat(join(bobElsewhere.history(ALICE)))
                .extracting(ChatMessage::text)
                .containsExactly(TEXTS.get(0), TEXTS.get(1), TEXTS.get(2), TEXTS.get(3));
        join(bobElsewhere.logout());
        Scan atTheEnd = scan();

        for (Scan s : List.of(whileQueued, atTheEnd)) {
            assertThat(s.leaks).isEmpty();
            // the scan covered what it should: every chat record type, on every node
            assertThat(s.types).contains("user", "name", "presence", "history", "chats");
            assertThat(s.nodesWithRecords).isEqualTo(s.nodes).isGreaterThanOrEqualTo(6);
            assertThat(s.records).isGreaterThan(50);
            // and it does find plaintext: the public usernames in the user records
            assertThat(s.publicNameHits).isPositive();
        }
        assertThat(whileQueued.types).contains("inbox");
        assertThat(atTheEnd.types).contains("inbox-ack");
    }

    /** What one pass over every node's store found. */
    private record Scan(
            List<String> leaks, Set<String> types, int records, int nodes, int nodesWithRecords, int publicNameHits) {}

    private Scan scan() {
        byte[] aliceKey = identityOf(ALICE);
        byte[] bobKey = identityOf(BOB);
        List<String> leaks = new ArrayList<>();
        Set<String> types = new HashSet<>();
        int records = 0;
        int nodes = 0;
        Map<?, InMemoryRecordStore> stores = network.stores();
        int publicNames = 0;
        for (Map.Entry<?, InMemoryRecordStore> e : stores.entrySet()) {
            boolean any = false;
            for (DhtKey key : e.getValue().keys()) {
                for (StoredRecord s : e.getValue().get(key)) {
                    SignedRecord r = s.record();
                    byte[] bytes = RecordCodec.encode(r); // every field: key, type, owner, slot, payload, ...
                    records++;
                    any = true;
                    types.add(r.type());
                    List<String> forbidden = new ArrayList<>(TEXTS);
                    forbidden.add(ALICE_PASSWORD);
                    forbidden.add(BOB_PASSWORD);
                    if (r.isOwnedBy(aliceKey)) {
                        forbidden.add(BOB);
                    }
                    if (r.isOwnedBy(bobKey)) {
                        forbidden.add(ALICE);
                    }
                    for (String needle : forbidden) {
                        if (contains(bytes, needle)) {
                            leaks.add("'" + needle + "' in " + r + " at " + e.getKey());
                        }
                    }
                    if (r.type().equals("user") && (contains(bytes, ALICE) || contains(bytes, BOB))) {
                        publicNames++;
                    }
                }
            }
            nodes += any ? 1 : 0;
        }
        return new Scan(leaks, types, records, stores.size(), nodes, publicNames);
    }

    private byte[] identityOf(String user) {
        return network.servers().get(0).storedRecords(io.confchat.chat.internal.records.RecordKeys.user(user)).stream()
                .findFirst()
                .orElseThrow()
                .ownerPublicKey();
    }

    /** True if the UTF-8 or UTF-16 bytes of {@code needle} occur in {@code haystack}. */
    private static boolean contains(byte[] haystack, String needle) {
        return indexOf(haystack, needle.getBytes(StandardCharsets.UTF_8)) >= 0
                || indexOf(haystack, needle.getBytes(StandardCharsets.UTF_16BE)) >= 0
                || indexOf(haystack, needle.getBytes(StandardCharsets.UTF_16LE)) >= 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
