package io.confchat.chat.internal.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.confchat.api.DhtKey;
import io.confchat.api.ProtocolViolationException;
import io.confchat.api.RejectionReason;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.PasswordKdf;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.directory.NameListing;
import io.confchat.chat.internal.inbox.InboxSeal;
import io.confchat.chat.internal.proto.AckedItem;
import io.confchat.chat.internal.proto.DirectoryEntry;
import io.confchat.chat.internal.proto.Endpoint;
import io.confchat.chat.internal.proto.InboxAck;
import io.confchat.chat.internal.proto.PresenceRecord;
import io.confchat.chat.internal.proto.Sealed;
import io.confchat.chat.internal.proto.Status;
import io.confchat.chat.internal.proto.UserRecord;
import io.confchat.dht.StorageQuotas;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.storage.Acceptance;
import io.confchat.dht.internal.storage.RecordStorage;
import io.confchat.dht.internal.storage.VerifiedSignatures;
import io.confchat.dht.internal.wire.RecordCodec;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.store.InMemoryRecordStore;
import io.confchat.dht.time.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A flipped byte anywhere in a signed chat record, of every chat record type, is refused by a
 * storing node's {@link RecordStorage} under the chat validators (whether or not it holds the
 * original) and by the check readers apply to every record from the network ({@link
 * RecordStorage#checkIntrinsic}), and never replaces the original.
 */
@Timeout(60)
class TamperedRecordsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Account ALICE = account("alice");
    private static final Account BOB = account("bob");

    /** One field of the signed envelope, and how to flip one byte of it. */
    enum Region {
        KEY(r -> with(r, flip(r.key().bytes(), 7), null, null, null, null, null, null, null)),
        TYPE(r -> with(r, null, flipLowBit(r.type()), null, null, null, null, null, null)),
        OWNER(r -> with(r, null, null, flip(r.ownerPublicKey(), 3), null, null, null, null, null)),
        SLOT(r -> with(
                r,
                null,
                null,
                null,
                r.slot().length == 0 ? new byte[] {1} : flip(r.slot(), 0),
                null,
                null,
                null,
                null)),
        SEQ(r -> with(r, null, null, null, null, r.seq() ^ 1, null, null, null)),
        TTL(r -> with(r, null, null, null, null, null, r.ttlSeconds() ^ 1, null, null)),
        PAYLOAD(r -> with(r, null, null, null, null, null, null, flip(r.payload(), r.payloadLength() / 2), null)),
        SIGNATURE(r -> with(r, null, null, null, null, null, null, null, flip(r.signature(), 63)));

        final UnaryOperator<SignedRecord> tamper;

        Region(UnaryOperator<SignedRecord> tamper) {
            this.tamper = tamper;
        }
    }

    static Stream<String> recordTypes() {
        return validRecords().keySet().stream().sorted();
    }

    @Test
    void everyChatRecordType_isCovered_andTheOriginalsAreAccepted() {
        assertThat(validRecords().keySet())
                .containsExactlyInAnyOrder(
                        RecordTypes.USER,
                        RecordTypes.DIRECTORY,
                        RecordTypes.NAME,
                        RecordTypes.PRESENCE,
                        RecordTypes.INBOX,
                        RecordTypes.INBOX_ACK,
                        RecordTypes.HISTORY,
                        RecordTypes.CHATS,
                        RecordTypes.GROUP_KEYS);
        for (SignedRecord r : validRecords().values()) {
            assertThat(storage().offer(r, "node:test").isStored())
                    .as("a genuine %s record", r.type())
                    .isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("recordTypes")
    void aFlippedByteInAnyRegion_isRefusedByStoringNodesAndReaders(String type) {
        SignedRecord original = validRecords().get(type);
        for (Region region : Region.values()) {
            SignedRecord tampered = region.tamper.apply(original);
            assertThat(tampered).as("%s of %s", region, type).isNotEqualTo(original);

            RecordStorage empty = storage();
            assertThat(empty.checkIntrinsic(tampered).isStored())
                    .as("a reader takes a %s record with a flipped %s", type, region)
                    .isFalse();
            assertThat(empty.offer(tampered, "node:attacker").isStored())
                    .as("an empty node stores a %s record with a flipped %s", type, region)
                    .isFalse();
            assertThat(empty.size()).isZero();

            RecordStorage holding = storage();
            assertThat(holding.offer(original, "node:owner").isStored()).isTrue();
            Acceptance refused = holding.offer(tampered, "node:attacker");
            assertThat(refused.isStored())
                    .as("a node holding the original stores a %s record with a flipped %s", type, region)
                    .isFalse();
            assertThat(holding.live(original.key())).containsExactly(original);
        }
    }

    @ParameterizedTest
    @MethodSource("recordTypes")
    void aFlippedBitAtEveryPositionOfTheEncodedRecord_neverGetsStored(String type) {
        SignedRecord original = validRecords().get(type);
        byte[] encoded = RecordCodec.encode(original);
        RecordStorage holding = storage();
        assertThat(holding.offer(original, "node:owner").isStored()).isTrue();
        int decodedAndRefused = 0;
        for (int i = 0; i < encoded.length; i++) {
            for (int bit : new int[] {0, 7}) {
                byte[] corrupt = encoded.clone();
                corrupt[i] ^= (byte) (1 << bit);
                SignedRecord decoded;
                try {
                    decoded = RecordCodec.decode(corrupt);
                } catch (ProtocolViolationException refusedByTheCodec) {
                    continue;
                }
                if (decoded.equals(original)) {
                    continue; // the flip hit nothing the record is made of (cannot happen today)
                }
                assertThat(storage().offer(decoded, "node:attacker").isStored())
                        .as("byte %d bit %d of a %s record", i, bit, type)
                        .isFalse();
                assertThat(holding.offer(decoded, "node:attacker").isStored())
                        .as("byte %d bit %d of a %s record, original held", i, bit, type)
                        .isFalse();
                decodedAndRefused++;
            }
        }
        assertThat(holding.live(original.key())).containsExactly(original);
        assertThat(decodedAndRefused).as("flips that decoded and were refused").isGreaterThan(encoded.length);
    }

    @Test
    void aGenuineRecordResignedByAnotherKey_isRefusedWhereTheRulesTieItToItsOwner() {
        // not a flip but a forgery that verifies: the chat validators must catch it
        Account mallory = account("mallory");
        RecordStorage holding = storage();
        for (SignedRecord r : validRecords().values()) {
            holding.offer(r, "node:owner");
        }
        for (String type : List.of(
                RecordTypes.USER,
                RecordTypes.PRESENCE,
                RecordTypes.INBOX_ACK,
                RecordTypes.HISTORY,
                RecordTypes.CHATS,
                RecordTypes.GROUP_KEYS,
                RecordTypes.DIRECTORY,
                RecordTypes.NAME)) {
            SignedRecord r = validRecords().get(type);
            SignedRecord forged =
                    mallory.signer().sign(r.key(), r.type(), r.slot(), r.seq() + 1, r.ttlSeconds(), r.payload());
            Acceptance a = holding.offer(forged, "node:attacker");
            assertThat(a.isStored()).as("%s re-signed by mallory", type).isFalse();
            assertThat(a.refusal()).isEqualTo(RejectionReason.POLICY);
            assertThat(holding.live(r.key())).as(type).contains(r).doesNotContain(forged);
        }
    }

    // ---- fixtures ------------------------------------------------------------------------------

    private static RecordStorage storage() {
        return new RecordStorage(
                new InMemoryRecordStore(),
                ChatValidators.all(),
                StorageQuotas.DEFAULT,
                new VerifiedSignatures(0),
                new ManualScheduler());
    }

    /** One genuine record of every chat type, as the chat layer writes them. */
    private static Map<String, SignedRecord> validRecords() {
        return RECORDS;
    }

    private static final Map<String, SignedRecord> RECORDS = buildRecords();

    private static Map<String, SignedRecord> buildRecords() {
        RecordSigner signer = ALICE.signer();
        byte[] ik = ALICE.identity().publicKey();
        long year = RecordTypes.LONG_LIVED.toSeconds();
        byte[] user = UserRecord.newBuilder()
                .setUsername("alice")
                .setIdentityKey(ByteString.copyFrom(ik))
                .setInboxKey(ByteString.copyFrom(ALICE.inbox().publicKey()))
                .setKdfSalt(PasswordKdf.newSalt(4, RANDOM))
                .setKeyBlobNonce(ByteString.copyFrom(random(12)))
                .setKeyBlob(ByteString.copyFrom(random(160)))
                .build()
                .toByteArray();
        byte[] directory = DirectoryEntry.newBuilder()
                .setUsername("alice")
                .setIdentityKey(ByteString.copyFrom(ik))
                .build()
                .toByteArray();
        byte[] presence = PresenceRecord.newBuilder()
                .setUsername("alice")
                .setStatus(Status.STATUS_ONLINE)
                .addEndpoints(Endpoint.newBuilder().setHost("127.0.0.1").setPort(40000))
                .setSessionKey(ByteString.copyFrom(random(32)))
                .setIssuedAtMillis(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli())
                .build()
                .toByteArray();
        byte[] ack = InboxAck.newBuilder()
                .addItems(AckedItem.newBuilder()
                        .setSenderIdentityKey(ByteString.copyFrom(BOB.identity().publicKey()))
                        .setMessageId(ByteString.copyFrom(random(16)))
                        .setAckedAtMillis(1))
                .build()
                .toByteArray();
        ChatMessage message = new ChatMessage(
                MessageId.random(RANDOM), "bob", "alice", Instant.parse("2026-01-01T00:00:00Z"), "hi", false);
        return Map.of(
                RecordTypes.USER,
                signer.sign(RecordKeys.user("alice"), RecordTypes.USER, new byte[0], 1, year, user),
                RecordTypes.DIRECTORY,
                signer.sign(
                        RecordKeys.directory("alice"),
                        RecordTypes.DIRECTORY,
                        "alice".getBytes(StandardCharsets.UTF_8),
                        1,
                        year,
                        directory),
                RecordTypes.NAME,
                NameListing.entry(signer, "alice", "ali"),
                RecordTypes.PRESENCE,
                signer.sign(RecordKeys.presence(ik), RecordTypes.PRESENCE, new byte[0], 5, 120, presence),
                RecordTypes.INBOX,
                InboxSeal.seal(BOB, ALICE.publicKeys(), message),
                RecordTypes.INBOX_ACK,
                signer.sign(
                        RecordKeys.inbox(ik),
                        RecordTypes.INBOX_ACK,
                        Payloads.ACK_SLOT,
                        7,
                        RecordTypes.INBOX_TTL.toSeconds(),
                        ack),
                RecordTypes.HISTORY,
                signer.sign(
                        RecordKeys.history(ALICE.storageKey(), "bob"),
                        RecordTypes.HISTORY,
                        "index".getBytes(StandardCharsets.US_ASCII),
                        3,
                        year,
                        sealed()),
                RecordTypes.CHATS,
                signer.sign(RecordKeys.chats(ALICE.storageKey()), RecordTypes.CHATS, new byte[0], 2, year, sealed()),
                RecordTypes.GROUP_KEYS,
                signer.sign(
                        RecordKeys.groupKeys(ALICE.storageKey(), "00".repeat(32)),
                        RecordTypes.GROUP_KEYS,
                        new byte[0],
                        2,
                        year,
                        sealed()));
    }

    private static byte[] sealed() {
        return Sealed.newBuilder()
                .setNonce(ByteString.copyFrom(random(12)))
                .setCiphertext(ByteString.copyFrom(random(80)))
                .build()
                .toByteArray();
    }

    private static Account account(String name) {
        return new Account(name, Ed25519KeyPair.generate(RANDOM), X25519KeyPair.generate(RANDOM), random(32));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] out = bytes.clone();
        out[at] ^= 0x01;
        return out;
    }

    private static String flipLowBit(String type) {
        char[] c = type.toCharArray();
        c[0] ^= 0x01; // a lower-case letter stays a lower-case letter: still a well-formed type
        return new String(c);
    }

    /** The record with the given fields replaced (null keeps the original's) and its old signature. */
    private static SignedRecord with(
            SignedRecord r,
            byte[] key,
            String type,
            byte[] owner,
            byte[] slot,
            Long seq,
            Long ttl,
            byte[] payload,
            byte[] signature) {
        return SignedRecord.of(
                key != null ? DhtKey.of(key) : r.key(),
                type != null ? type : r.type(),
                owner != null ? owner : r.ownerPublicKey(),
                slot != null ? slot : r.slot(),
                seq != null ? seq : r.seq(),
                ttl != null ? ttl : r.ttlSeconds(),
                payload != null ? payload : r.payload(),
                signature != null ? signature : r.signature());
    }
}
