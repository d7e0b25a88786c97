package io.confchat.dht.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link RecordStore} shares; each implementation's test extends this. */
abstract class RecordStoreContractTest {
    static final DhtKey KEY = DhtKey.hash("note/shared");
    static final DhtKey OTHER_KEY = DhtKey.hash("note/other");
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00.250Z");
    static final String SOURCE = "ip:203.0.113.7";

    static final SecureRandom RANDOM = new SecureRandom();
    final RecordSigner alice = new RecordSigner(Ed25519KeyPair.generate(RANDOM));
    final RecordSigner bob = new RecordSigner(Ed25519KeyPair.generate(RANDOM));

    RecordStore store;

    /** A new, empty store of the implementation under test. */
    abstract RecordStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static SignedRecord note(RecordSigner owner, DhtKey key, String slot, long seq) {
        byte[] payload = (slot + "#" + seq).getBytes(StandardCharsets.UTF_8);
        return owner.sign(key, "note", slot.getBytes(StandardCharsets.UTF_8), seq, 3600, payload);
    }

    static StoredRecord stored(SignedRecord r, Duration lifetime, String source) {
        return new StoredRecord(r, T0, T0.plus(lifetime), source);
    }

    static StoredRecord stored(SignedRecord r) {
        return stored(r, Duration.ofHours(1), SOURCE);
    }

    static byte[] slot(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void get_shouldFindNothingInAnEmptyStore() {
        assertThat(store.get(KEY)).isEmpty();
        assertThat(store.get(KEY, alice.ownerPublicKey(), slot("a"))).isEmpty();
        assertThat(store.size()).isZero();
        assertThat(store.keys()).isEmpty();
        assertThat(store.countByKey(KEY)).isZero();
    }

    @Test
    void put_shouldMakeTheRecordReadableBothWays() {
        StoredRecord s = stored(note(alice, KEY, "a", 1));

        store.put(s);

        assertThat(store.get(KEY)).containsExactly(s);
        assertThat(store.get(KEY, alice.ownerPublicKey(), slot("a"))).contains(s);
        assertThat(store.get(KEY, alice.ownerPublicKey(), slot("b"))).isEmpty();
        assertThat(store.get(OTHER_KEY)).isEmpty();
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.keys()).containsExactly(KEY);
    }

    @Test
    void put_shouldReplaceTheRecordOfTheSameKeyOwnerAndSlot() {
        store.put(stored(note(alice, KEY, "a", 1), Duration.ofHours(1), "ip:198.51.100.1"));
        StoredRecord newer = stored(note(alice, KEY, "a", 2), Duration.ofHours(2), SOURCE);

        store.put(newer);

        assertThat(store.get(KEY)).containsExactly(newer);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.countByKey(KEY)).isEqualTo(1);
        assertThat(store.countByOwner(alice.ownerPublicKey())).isEqualTo(1);
        assertThat(store.countBySource("ip:198.51.100.1")).isZero();
        assertThat(store.countBySource(SOURCE)).isEqualTo(1);
    }

    @Test
    void put_shouldKeepOneRecordPerOwnerAndSlotUnderOneKey() {
        StoredRecord aliceA = stored(note(alice, KEY, "a", 1));
        StoredRecord aliceB = stored(note(alice, KEY, "b", 1));
        StoredRecord bobA = stored(note(bob, KEY, "a", 1));
        StoredRecord elsewhere = stored(note(alice, OTHER_KEY, "a", 1));

        store.put(aliceA);
        store.put(aliceB);
        store.put(bobA);
        store.put(elsewhere);

        assertThat(store.get(KEY)).containsExactlyInAnyOrder(aliceA, aliceB, bobA);
        assertThat(store.get(OTHER_KEY)).containsExactly(elsewhere);
        assertThat(store.countByKey(KEY)).isEqualTo(3);
        assertThat(store.countByKey(OTHER_KEY)).isEqualTo(1);
        assertThat(store.countByOwner(alice.ownerPublicKey())).isEqualTo(3);
        assertThat(store.countByOwner(bob.ownerPublicKey())).isEqualTo(1);
        assertThat(store.size()).isEqualTo(4);
        assertThat(store.keys()).containsExactlyInAnyOrder(KEY, OTHER_KEY);
    }

    @Test
    void put_shouldAcceptAnEmptySlotBesideLongerOnes() {
        StoredRecord empty = stored(note(alice, KEY, "", 1));
        StoredRecord named = stored(note(alice, KEY, "x", 1));

        store.put(empty);
        store.put(named);

        assertThat(store.get(KEY, alice.ownerPublicKey(), new byte[0])).contains(empty);
        assertThat(store.get(KEY)).containsExactlyInAnyOrder(empty, named);
    }

    @Test
    void usage_shouldReportTheBytesOfEveryPart_andDropThemOnRemoval() {
        StoredRecord a = stored(note(alice, KEY, "a", 1), Duration.ofHours(1), "local");
        StoredRecord b = stored(note(alice, OTHER_KEY, "a", 1), Duration.ofHours(1), "local");
        StoredRecord c = stored(note(bob, KEY, "a", 1), Duration.ofHours(1), SOURCE);
        store.put(a);
        store.put(b);
        store.put(c);

        StoreUsage u = store.usage(KEY, alice.ownerPublicKey(), "local", "note");
        assertThat(u.total()).isEqualTo(a.sizeBytes() + b.sizeBytes() + c.sizeBytes());
        assertThat(u.key()).isEqualTo(a.sizeBytes() + c.sizeBytes());
        assertThat(u.keyBySource()).isEqualTo(a.sizeBytes());
        assertThat(u.keyByOwner()).isEqualTo(a.sizeBytes());
        assertThat(u.owner()).isEqualTo(a.sizeBytes() + b.sizeBytes());
        assertThat(u.source()).isEqualTo(a.sizeBytes() + b.sizeBytes());
        assertThat(u.type()).isEqualTo(u.total());

        store.remove(KEY, alice.ownerPublicKey(), "a".getBytes(StandardCharsets.UTF_8));
        StoreUsage after = store.usage(KEY, alice.ownerPublicKey(), "local", "note");
        assertThat(after.total()).isEqualTo(b.sizeBytes() + c.sizeBytes());
        assertThat(after.keyBySource()).isZero();
        assertThat(after.owner()).isEqualTo(b.sizeBytes());
    }

    @Test
    void countBySource_shouldCountAcrossKeys() {
        store.put(stored(note(alice, KEY, "a", 1), Duration.ofHours(1), "local"));
        store.put(stored(note(alice, OTHER_KEY, "a", 1), Duration.ofHours(1), "local"));
        store.put(stored(note(bob, KEY, "a", 1), Duration.ofHours(1), SOURCE));

        assertThat(store.countBySource("local")).isEqualTo(2);
        assertThat(store.countBySource(SOURCE)).isEqualTo(1);
        assertThat(store.countBySource("node:unknown")).isZero();
    }

    @Test
    void remove_shouldDeleteOnlyThatSlotAndUpdateTheCounts() {
        store.put(stored(note(alice, KEY, "a", 1)));
        StoredRecord kept = stored(note(bob, KEY, "a", 1));
        store.put(kept);

        assertThat(store.remove(KEY, alice.ownerPublicKey(), slot("a"))).isTrue();

        assertThat(store.get(KEY)).containsExactly(kept);
        assertThat(store.countByOwner(alice.ownerPublicKey())).isZero();
        assertThat(store.countBySource(SOURCE)).isEqualTo(1);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.remove(KEY, alice.ownerPublicKey(), slot("a"))).isFalse();
    }

    @Test
    void remove_shouldForgetAKeyWithItsLastRecord() {
        store.put(stored(note(alice, KEY, "a", 1)));

        store.remove(KEY, alice.ownerPublicKey(), slot("a"));

        assertThat(store.keys()).isEmpty();
        assertThat(store.countByKey(KEY)).isZero();
        assertThat(store.get(KEY)).isEmpty();
    }

    @Test
    void remove_shouldIgnoreMalformedOwnersAndSlots() {
        store.put(stored(note(alice, KEY, "a", 1)));

        assertThat(store.remove(KEY, new byte[31], slot("a"))).isFalse();
        assertThat(store.remove(KEY, alice.ownerPublicKey(), new byte[65])).isFalse();
        assertThat(store.get(KEY, new byte[33], slot("a"))).isEmpty();
        assertThat(store.countByOwner(new byte[3])).isZero();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void keys_shouldBeASnapshot() {
        store.put(stored(note(alice, KEY, "a", 1)));
        var keys = store.keys();

        store.put(stored(note(alice, OTHER_KEY, "a", 1)));

        assertThat(keys).containsExactly(KEY);
    }

    @Test
    void purgeExpired_shouldRemoveEveryRecordWhoseLifetimeHasPassed() {
        StoredRecord short1 = stored(note(alice, KEY, "a", 1), Duration.ofSeconds(10), SOURCE);
        StoredRecord short2 = stored(note(bob, OTHER_KEY, "a", 1), Duration.ofSeconds(20), SOURCE);
        StoredRecord longer = stored(note(alice, KEY, "b", 1), Duration.ofSeconds(30), SOURCE);
        store.put(longer);
        store.put(short2);
        store.put(short1);

        int purged = store.purgeExpired(T0.plusSeconds(20)); // an expiry at exactly now counts

        assertThat(purged).isEqualTo(2);
        assertThat(store.get(KEY)).containsExactly(longer);
        assertThat(store.keys()).containsExactly(KEY);
        assertThat(store.countByOwner(bob.ownerPublicKey())).isZero();
        assertThat(store.countBySource(SOURCE)).isEqualTo(1);
        assertThat(store.purgeExpired(T0.plusSeconds(20))).isZero();
    }

    @Test
    void purgeExpired_shouldRespectTheExactInstantWithinASecond() {
        StoredRecord s = stored(note(alice, KEY, "a", 1), Duration.ofMillis(20_500), SOURCE);
        store.put(s);

        assertThat(store.purgeExpired(T0.plusMillis(20_499))).isZero();
        assertThat(store.get(KEY)).containsExactly(s);
        assertThat(store.purgeExpired(T0.plusMillis(20_500))).isEqualTo(1);
        assertThat(store.size()).isZero();
    }

    @Test
    void purgeExpired_shouldFollowTheLifetimeOfTheReplacingRecord() {
        store.put(stored(note(alice, KEY, "a", 1), Duration.ofSeconds(10), SOURCE));
        StoredRecord renewed = stored(note(alice, KEY, "a", 2), Duration.ofSeconds(100), SOURCE);
        store.put(renewed);

        assertThat(store.purgeExpired(T0.plusSeconds(50))).isZero();
        assertThat(store.get(KEY)).containsExactly(renewed);

        store.put(stored(note(alice, KEY, "a", 3), Duration.ofSeconds(5), SOURCE));
        assertThat(store.purgeExpired(T0.plusSeconds(50))).isEqualTo(1);
        assertThat(store.size()).isZero();
    }

    @Test
    void purgeExpired_shouldHandleLifetimesBeforeTheEpoch() {
        StoredRecord past = new StoredRecord(
                note(alice, KEY, "a", 1), Instant.EPOCH.minusSeconds(100), Instant.EPOCH.minusSeconds(50), SOURCE);
        StoredRecord present = stored(note(alice, KEY, "b", 1));
        store.put(present);
        store.put(past);

        assertThat(store.purgeExpired(Instant.EPOCH)).isEqualTo(1);
        assertThat(store.get(KEY)).containsExactly(present);
    }
}
