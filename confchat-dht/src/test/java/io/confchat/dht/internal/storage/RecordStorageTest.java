package io.confchat.dht.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.RejectionReason;
import io.confchat.api.SignedRecord;
import io.confchat.dht.StorageQuotas;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.wire.RecordCodec;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.record.RecordValidator;
import io.confchat.dht.store.InMemoryRecordStore;
import io.confchat.dht.time.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordStorageTest {
    private static final DhtKey KEY = DhtKey.hash("note/shared");
    private static final String SOURCE = "ip:203.0.113.7";
    private static final long THIRTY_DAYS = Duration.ofDays(30).toSeconds();

    private final SecureRandom random = new SecureRandom();
    private final ManualScheduler clock = new ManualScheduler();
    private final RecordSigner alice = new RecordSigner(Ed25519KeyPair.generate(random));
    private final RecordSigner bob = new RecordSigner(Ed25519KeyPair.generate(random));
    private RecordStorage storage = storage(StorageQuotas.DEFAULT, Map.of());

    // ---- acceptance --------------------------------------------------------------------------

    @Test
    void offer_shouldStoreAValidRecord() {
        SignedRecord r = note(alice, "a", 1, 60);

        Acceptance result = storage.offer(r, SOURCE);

        assertThat(result.isStored()).isTrue();
        assertThat(storage.live(KEY)).containsExactly(r);
        assertThat(storage.size()).isEqualTo(1);
    }

    @Test
    void offer_shouldRefuseAForgedSignature() {
        SignedRecord r = note(alice, "a", 1, 60);
        byte[] signature = r.signature();
        signature[0] ^= 1;

        assertRefused(withSignature(r, signature), RejectionReason.INVALID_SIGNATURE);
    }

    @Test
    void offer_shouldRefuseATamperedPayload() {
        SignedRecord r = note(alice, "a", 1, 60);
        byte[] payload = r.payload();
        payload[0] ^= 1;
        SignedRecord tampered = SignedRecord.of(
                r.key(), r.type(), r.ownerPublicKey(), r.slot(), r.seq(), r.ttlSeconds(), payload, r.signature());

        assertRefused(tampered, RejectionReason.INVALID_SIGNATURE);
    }

    @Test
    void offer_shouldRefuseARecordMovedToAnotherKey() {
        SignedRecord r = note(alice, "a", 1, 60);
        SignedRecord moved = SignedRecord.of(
                DhtKey.hash("note/elsewhere"),
                r.type(),
                r.ownerPublicKey(),
                r.slot(),
                r.seq(),
                r.ttlSeconds(),
                r.payload(),
                r.signature());

        assertRefused(moved, RejectionReason.INVALID_SIGNATURE);
    }

    @Test
    void offer_shouldRefuseARecordSignedByAnotherKeyThanItsOwner() {
        SignedRecord byBob = note(bob, "a", 1, 60);
        SignedRecord claimedByAlice = SignedRecord.of(
                KEY, "note", alice.ownerPublicKey(), byBob.slot(), 1, 60, byBob.payload(), byBob.signature());

        assertRefused(claimedByAlice, RejectionReason.INVALID_SIGNATURE);
    }

    @Test
    void offer_shouldRefuseAnEqualOrLowerSeqAndKeepTheStoredRecord() {
        SignedRecord stored = note(alice, "a", 5, 60, "original");
        storage.offer(stored, SOURCE);

        assertThat(storage.offer(note(alice, "a", 5, 60, "same seq"), SOURCE).refusal())
                .isEqualTo(RejectionReason.STALE_SEQUENCE);
        assertThat(storage.offer(note(alice, "a", 4, 60, "older"), SOURCE).refusal())
                .isEqualTo(RejectionReason.STALE_SEQUENCE);
        assertThat(storage.live(KEY)).containsExactly(stored);
    }

    @Test
    void offer_shouldReplaceWithAHigherSeq() {
        storage.offer(note(alice, "a", 5, 60), SOURCE);
        SignedRecord newer = note(alice, "a", 6, 60, "newer");

        assertThat(storage.offer(newer, SOURCE).isStored()).isTrue();

        assertThat(storage.live(KEY)).containsExactly(newer);
        assertThat(storage.size()).isEqualTo(1);
    }

    @Test
    void offer_ofTheIdenticalRecord_shouldExtendItsLifetime() {
        SignedRecord r = note(alice, "a", 3, 60);
        storage.offer(r, SOURCE);
        clock.advance(Duration.ofSeconds(50));

        assertThat(storage.offer(r, SOURCE).isStored()).isTrue();
        clock.advance(Duration.ofSeconds(50));

        assertThat(storage.live(KEY)).containsExactly(r);
        assertThat(storage.size()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(storage.live(KEY)).isEmpty();
    }

    @Test
    void offer_ofTheIdenticalRecordWithLessLifeLeft_shouldNotShortenIt() {
        SignedRecord r = note(alice, "a", 3, 60);
        storage.offer(r, SOURCE);

        assertThat(storage.offer(r, SOURCE, 5).isStored()).isTrue();
        clock.advance(Duration.ofSeconds(30));

        assertThat(storage.live(KEY)).containsExactly(r);
    }

    @Test
    void offer_ofARecordThatRetractsOthers_shouldRemoveThemAfterStoringIt() {
        // "retract" names a slot of alice's that bob's record takes down
        RecordValidator retracting = new RecordValidator() {
            @Override
            public Verdict validate(SignedRecord candidate, List<SignedRecord> existing) {
                return Verdict.ACCEPT;
            }

            @Override
            public List<SlotRef> retractions(SignedRecord accepted) {
                return List.of(new SlotRef(alice.ownerPublicKey(), accepted.payload()));
            }
        };
        storage = storage(StorageQuotas.DEFAULT, Map.of("retract", retracting));
        SignedRecord kept = note(alice, "b", 1, 60);
        storage.offer(note(alice, "a", 1, 60), SOURCE);
        storage.offer(kept, SOURCE);
        SignedRecord retraction = bob.sign(KEY, "retract", ascii("r"), 1, 60, ascii("a"));

        assertThat(storage.offer(retraction, SOURCE).isStored()).isTrue();

        assertThat(storage.live(KEY)).containsExactlyInAnyOrder(kept, retraction);
    }

    @Test
    void offer_shouldCompareSeqUnsigned() {
        SignedRecord highest = note(alice, "a", -1L, 60);
        storage.offer(note(alice, "a", Long.MAX_VALUE, 60), SOURCE);

        assertThat(storage.offer(highest, SOURCE).isStored()).isTrue();
        assertThat(storage.offer(note(alice, "a", Long.MAX_VALUE, 60), SOURCE).refusal())
                .isEqualTo(RejectionReason.STALE_SEQUENCE);
        assertThat(storage.live(KEY)).containsExactly(highest);
    }

    @Test
    void offer_shouldKeepRecordsOfOtherOwnersAndSlotsApart() {
        SignedRecord a1 = note(alice, "1", 9, 60);
        SignedRecord a2 = note(alice, "2", 1, 60);
        SignedRecord b1 = note(bob, "1", 1, 60);

        storage.offer(a1, SOURCE);
        storage.offer(a2, SOURCE);
        storage.offer(b1, SOURCE);

        assertThat(storage.live(KEY)).containsExactlyInAnyOrder(a1, a2, b1);
    }

    @Test
    void offer_shouldRefuseATtlOverThirtyDays() {
        assertRefused(note(alice, "a", 1, THIRTY_DAYS + 1), RejectionReason.TTL_TOO_LONG);
        assertThat(storage.offer(note(alice, "a", 1, THIRTY_DAYS), SOURCE).isStored())
                .isTrue();
    }

    @Test
    void offer_shouldApplyTheTypesValidator() {
        RecordValidator refuseAll = (candidate, existing) -> RecordValidator.Verdict.reject("name taken");
        storage = storage(StorageQuotas.DEFAULT, Map.of("note", refuseAll));

        Acceptance result = storage.offer(note(alice, "a", 1, 60), SOURCE);

        assertThat(result.refusal()).isEqualTo(RejectionReason.POLICY);
        assertThat(result.detail()).isEqualTo("name taken");
        assertThat(storage.size()).isZero();
    }

    @Test
    void offer_shouldShowTheValidatorTheLiveRecordsUnderTheKey() {
        List<List<SignedRecord>> seen = new ArrayList<>();
        RecordValidator recording = (candidate, existing) -> {
            seen.add(existing);
            return RecordValidator.Verdict.ACCEPT;
        };
        storage = storage(StorageQuotas.DEFAULT, Map.of("note", recording));
        SignedRecord first = note(alice, "a", 1, 60);

        storage.offer(first, SOURCE);
        storage.offer(note(bob, "b", 1, 60), SOURCE);

        assertThat(seen).containsExactly(List.of(), List.of(first));
    }

    // ---- quotas ------------------------------------------------------------------------------

    @Test
    void offer_shouldRefuseBeyondThePerKeyQuota() {
        storage = storage(quotas(2, 100, 100, 100), Map.of());
        storage.offer(note(alice, "1", 1, 60), SOURCE);
        storage.offer(note(bob, "1", 1, 60), SOURCE);

        assertRefused(note(alice, "2", 1, 60), RejectionReason.QUOTA_EXCEEDED);
        assertThat(storage.offer(note(alice, "x", 1, 60, DhtKey.hash("other key")), SOURCE)
                        .isStored())
                .isTrue();
    }

    @Test
    void offer_shouldRefuseBeyondThePerOwnerQuota() {
        storage = storage(quotas(100, 2, 100, 100), Map.of());
        storage.offer(note(alice, "1", 1, 60), SOURCE);
        storage.offer(note(alice, "2", 1, 60, DhtKey.hash("other key")), SOURCE);

        assertRefused(note(alice, "3", 1, 60), RejectionReason.QUOTA_EXCEEDED);
        assertThat(storage.offer(note(bob, "3", 1, 60), SOURCE).isStored()).isTrue();
    }

    @Test
    void offer_shouldRefuseBeyondThePerSourceQuota() {
        storage = storage(quotas(100, 100, 2, 100), Map.of());
        storage.offer(note(alice, "1", 1, 60), SOURCE);
        storage.offer(note(bob, "1", 1, 60), SOURCE);

        assertRefused(note(alice, "2", 1, 60), RejectionReason.QUOTA_EXCEEDED);
        assertThat(storage.offer(note(alice, "2", 1, 60), "ip:198.51.100.1").isStored())
                .isTrue();
    }

    @Test
    void offer_shouldRefuseBeyondTheTotalQuota() {
        storage = storage(quotas(100, 100, 100, 2), Map.of());
        storage.offer(note(alice, "1", 1, 60), "ip:198.51.100.1");
        storage.offer(note(bob, "1", 1, 60, DhtKey.hash("other key")), "ip:198.51.100.2");

        assertRefused(
                note(new RecordSigner(Ed25519KeyPair.generate(random)), "1", 1, 60, DhtKey.hash("third")),
                RejectionReason.QUOTA_EXCEEDED);
    }

    @Test
    void offer_shouldLetANewerSeqReplaceWhenTheQuotaIsFull() {
        storage = storage(quotas(1, 1, 1, 1), Map.of());
        storage.offer(note(alice, "1", 1, 60), SOURCE);
        SignedRecord newer = note(alice, "1", 2, 60);

        assertThat(storage.offer(newer, SOURCE).isStored()).isTrue();
        assertThat(storage.live(KEY)).containsExactly(newer);
    }

    @Test
    void offer_shouldLetAnOwnerRepublishAnExpiredSlotWhenTheQuotaIsFull() {
        storage = storage(quotas(1, 1, 1, 1), Map.of());
        storage.offer(note(alice, "1", 5, 60), SOURCE);
        clock.advance(Duration.ofMinutes(1));
        SignedRecord republished = note(alice, "1", 6, 60);

        assertThat(storage.offer(republished, SOURCE).isStored()).isTrue();
        assertThat(storage.live(KEY)).containsExactly(republished);
        assertThat(storage.size()).isEqualTo(1);
    }

    @Test
    void offer_shouldRefuseARecordLargerThanItsTypeAllows() {
        RecordValidator small = new RecordValidator() {
            @Override
            public Verdict validate(SignedRecord candidate, List<SignedRecord> existing) {
                return Verdict.ACCEPT;
            }

            @Override
            public io.confchat.dht.record.TypeLimits limits() {
                return new io.confchat.dht.record.TypeLimits(200, 1_000, 100);
            }
        };
        storage = storage(StorageQuotas.builder().keyShareDivisor(1).build(), Map.of("note", small));

        assertRefused(note(alice, "1", 1, 60, "x".repeat(300)), RejectionReason.TOO_LARGE);
        for (int i = 0; i < 6; i++) { // about 150 bytes each: six fit the type's 1,000 bytes per key
            assertThat(storage.offer(note(alice, "s" + i, 1, 60), "ip:198.51.100." + i)
                            .isStored())
                    .isTrue();
        }
        assertRefused(note(bob, "1", 1, 60), RejectionReason.QUOTA_EXCEEDED);
    }

    @Test
    void offer_shouldKeepUnvalidatedTypesToAQuarterOfTheStore() {
        storage = new RecordStorage(
                new InMemoryRecordStore(), Map.of(), quotas(100, 100, 100, 8), new VerifiedSignatures(1_000), clock);
        int stored = 0;
        for (int i = 0; i < 8; i++) {
            if (storage.offer(note(alice, String.valueOf(i), 1, 60), "ip:198.51.100." + i)
                    .isStored()) {
                stored++;
            }
        }
        assertThat(stored).isEqualTo(2);
    }

    // ---- expiry ------------------------------------------------------------------------------

    @Test
    void live_shouldNotServeExpiredRecords() {
        SignedRecord r = note(alice, "a", 1, 60);
        storage.offer(r, SOURCE);

        clock.advance(Duration.ofSeconds(59));
        assertThat(storage.live(KEY)).containsExactly(r);

        clock.advance(Duration.ofSeconds(1));
        assertThat(storage.live(KEY)).isEmpty();
        assertThat(storage.page(KEY, new byte[0], 10_000, 10).records()).isEmpty();
    }

    @Test
    void purgeExpired_shouldRemoveOnlyRecordsExpiredLongerThanTheReplayGuard() {
        storage.offer(note(alice, "short", 1, 60), SOURCE);
        SignedRecord lasting = note(alice, "long", 1, RecordStorage.REPLAY_GUARD.toSeconds() + 3600);
        storage.offer(lasting, SOURCE);
        clock.advance(Duration.ofMinutes(2));
        assertThat(storage.purgeExpired()).as("expired, but lately").isZero();

        clock.advance(RecordStorage.REPLAY_GUARD);
        assertThat(storage.purgeExpired()).isEqualTo(1);

        assertThat(storage.size()).isEqualTo(1);
        assertThat(storage.live(KEY)).containsExactly(lasting);
        assertThat(storage.purgeExpired()).isZero();
    }

    @Test
    void anOlderSeq_isRefusedForTheReplayGuardAfterTheNewerExpired_andAcceptedAfter() {
        storage.offer(note(alice, "a", 5, 60), SOURCE);
        clock.advance(Duration.ofMinutes(1));
        SignedRecord replayed = note(alice, "a", 1, 60);

        assertThat(storage.offer(replayed, SOURCE).refusal()).isEqualTo(RejectionReason.STALE_SEQUENCE);
        assertThat(storage.live(KEY)).isEmpty();
        SignedRecord newer = note(alice, "a", 6, 60);
        assertThat(storage.offer(newer, SOURCE).isStored())
                .as("a newer one is welcome")
                .isTrue();

        clock.advance(Duration.ofMinutes(1).plus(RecordStorage.REPLAY_GUARD));
        storage.purgeExpired();
        assertThat(storage.offer(replayed, SOURCE).isStored()).isTrue();
        assertThat(storage.live(KEY)).containsExactly(replayed);
    }

    @Test
    void theSameRecord_putAgainAfterItExpired_isStoredAgain() {
        SignedRecord r = note(alice, "a", 5, 60);
        storage.offer(r, SOURCE);
        clock.advance(Duration.ofMinutes(2));

        assertThat(storage.offer(r, SOURCE).isStored()).isTrue();
        assertThat(storage.live(KEY)).containsExactly(r);
    }

    // ---- paging ------------------------------------------------------------------------------

    @Test
    void page_shouldReturnEveryRecordOnceInOrderWithinTheByteBudget() {
        for (int i = 0; i < 10; i++) {
            RecordSigner owner = new RecordSigner(Ed25519KeyPair.generate(random));
            storage.offer(owner.sign(KEY, "note", new byte[] {(byte) i}, 1, 60, new byte[170]), SOURCE);
        }
        List<SignedRecord> all = storage.live(KEY);
        assertThat(all).hasSize(10);
        assertThat(RecordCodec.encodedSize(all.get(0))).isBetween(280, 320);

        List<SignedRecord> paged = new ArrayList<>();
        byte[] cursor = new byte[0];
        int pages = 0;
        do {
            RecordPage page = storage.page(KEY, cursor, 1_000, 256);
            assertThat(page.records()).isNotEmpty();
            assertThat(page.records().stream()
                            .mapToInt(r -> RecordCodec.encodedSize(r) + 4)
                            .sum())
                    .isLessThanOrEqualTo(1_000);
            paged.addAll(page.records());
            cursor = page.nextCursor();
            pages++;
        } while (cursor.length > 0 && pages <= all.size());

        assertThat(cursor).isEmpty();
        assertThat(pages).isGreaterThan(1);
        assertThat(paged).containsExactlyElementsOf(all);
        assertThat(new HashSet<>(paged)).hasSize(all.size());
    }

    @Test
    void page_shouldRespectTheCountLimit() {
        for (int i = 0; i < 5; i++) {
            storage.offer(note(alice, "s" + i, 1, 60), SOURCE);
        }

        RecordPage first = storage.page(KEY, new byte[0], 1_000_000, 2);
        RecordPage last = storage.page(
                KEY, storage.page(KEY, first.nextCursor(), 1_000_000, 2).nextCursor(), 1_000_000, 2);

        assertThat(first.records()).hasSize(2);
        assertThat(last.records()).hasSize(1);
        assertThat(last.nextCursor()).isEmpty();
    }

    @Test
    void page_shouldReturnOneRecordEvenIfItAloneExceedsTheBudget() {
        SignedRecord r = note(alice, "a", 1, 60);
        storage.offer(r, SOURCE);

        RecordPage page = storage.page(KEY, new byte[0], 1, 10);

        assertThat(page.records()).containsExactly(r);
        assertThat(page.nextCursor()).isEmpty();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void assertRefused(SignedRecord r, RejectionReason reason) {
        int before = storage.size();
        Set<SignedRecord> liveBefore = new HashSet<>(storage.live(r.key()));

        Acceptance result = storage.offer(r, SOURCE);

        assertThat(result.refusal()).isEqualTo(reason);
        assertThat(result.detail()).isNotBlank();
        assertThat(storage.size()).isEqualTo(before);
        assertThat(new HashSet<>(storage.live(r.key()))).isEqualTo(liveBefore);
    }

    /** Quotas of so many records of {@link #note} size each, without fair sharing of keys. */
    private static StorageQuotas quotas(int perKey, int perOwner, int perSource, int total) {
        long size = RecordCodec.encodedSize(
                note(new RecordSigner(Ed25519KeyPair.generate(new java.security.SecureRandom())), "1", 1, 60));
        return StorageQuotas.builder()
                .perKeyBytes(perKey * size)
                .perOwnerBytes(perOwner * size)
                .perSourceBytes(perSource * size)
                .totalBytes(total * size)
                .keyShareDivisor(1)
                .build();
    }

    private RecordStorage storage(StorageQuotas quotas, Map<String, RecordValidator> validators) {
        Map<String, RecordValidator> rules = new java.util.HashMap<>(validators);
        rules.putIfAbsent("note", (candidate, existing) -> RecordValidator.Verdict.ACCEPT); // the whole store
        return new RecordStorage(new InMemoryRecordStore(), rules, quotas, new VerifiedSignatures(1_000), clock);
    }

    private static SignedRecord note(RecordSigner owner, String slot, long seq, long ttl) {
        return note(owner, slot, seq, ttl, "payload");
    }

    private static SignedRecord note(RecordSigner owner, String slot, long seq, long ttl, String payload) {
        return owner.sign(KEY, "note", ascii(slot), seq, ttl, ascii(payload));
    }

    private static SignedRecord note(RecordSigner owner, String slot, long seq, long ttl, DhtKey key) {
        return owner.sign(key, "note", ascii(slot), seq, ttl, ascii("payload"));
    }

    private static SignedRecord withSignature(SignedRecord r, byte[] signature) {
        return SignedRecord.of(
                r.key(), r.type(), r.ownerPublicKey(), r.slot(), r.seq(), r.ttlSeconds(), r.payload(), signature);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
