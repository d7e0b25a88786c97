package io.confchat.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SignedRecordTest {
    private static final DhtKey KEY = DhtKey.hash("note/1");
    private static final byte[] OWNER = filled(32, 1);
    private static final byte[] SLOT = "profile".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAYLOAD = "hello".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIGNATURE = filled(64, 2);

    /** The fields of a record, so one test can change exactly one of them. */
    private record Fields(
            DhtKey key, String type, byte[] owner, byte[] slot, long seq, long ttl, byte[] payload, byte[] signature) {
        static Fields base() {
            return new Fields(KEY, "note", OWNER, SLOT, 7, 3600, PAYLOAD, SIGNATURE);
        }

        SignedRecord build() {
            return SignedRecord.of(key, type, owner, slot, seq, ttl, payload, signature);
        }

        byte[] signingInput() {
            return SignedRecord.signingInput(key, type, owner, slot, seq, ttl, payload);
        }
    }

    @Test
    void of_shouldKeepEveryField() {
        SignedRecord r = Fields.base().build();

        assertThat(r.key()).isEqualTo(KEY);
        assertThat(r.type()).isEqualTo("note");
        assertThat(r.ownerPublicKey()).isEqualTo(OWNER);
        assertThat(r.slot()).isEqualTo(SLOT);
        assertThat(r.seq()).isEqualTo(7);
        assertThat(r.ttlSeconds()).isEqualTo(3600);
        assertThat(r.payload()).isEqualTo(PAYLOAD);
        assertThat(r.payloadLength()).isEqualTo(PAYLOAD.length);
        assertThat(r.signature()).isEqualTo(SIGNATURE);
    }

    @Test
    void of_shouldRejectTypesOutsideThePattern() {
        for (String type : List.of("", "Note", "no te", "note/1", "a".repeat(33), "é")) {
            Fields f = Fields.base();
            assertThatThrownBy(() ->
                            new Fields(f.key, type, f.owner, f.slot, f.seq, f.ttl, f.payload, f.signature).build())
                    .as("type %s", type)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void of_shouldAcceptTypesAtTheEdgesOfThePattern() {
        for (String type : List.of("a", "a".repeat(32), "chat.inbox-v1_2")) {
            Fields f = Fields.base();
            SignedRecord r = new Fields(f.key, type, f.owner, f.slot, f.seq, f.ttl, f.payload, f.signature).build();
            assertThat(r.type()).isEqualTo(type);
        }
    }

    @Test
    void of_shouldRejectAnOwnerKeyThatIsNot32Bytes() {
        assertRejected(f -> new Fields(f.key, f.type, new byte[31], f.slot, f.seq, f.ttl, f.payload, f.signature));
        assertRejected(f -> new Fields(f.key, f.type, new byte[33], f.slot, f.seq, f.ttl, f.payload, f.signature));
    }

    @Test
    void of_shouldRejectASlotOver64Bytes() {
        assertRejected(f -> new Fields(f.key, f.type, f.owner, new byte[65], f.seq, f.ttl, f.payload, f.signature));
        assertThat(new Fields(KEY, "note", OWNER, new byte[64], 1, 1, PAYLOAD, SIGNATURE)
                        .build()
                        .slot())
                .hasSize(64);
    }

    @Test
    void of_shouldRejectAPayloadOverTheMaximum() {
        byte[] tooLarge = new byte[SignedRecord.MAX_PAYLOAD_BYTES + 1];
        assertRejected(f -> new Fields(f.key, f.type, f.owner, f.slot, f.seq, f.ttl, tooLarge, f.signature));
        byte[] largest = new byte[SignedRecord.MAX_PAYLOAD_BYTES];
        assertThat(new Fields(KEY, "note", OWNER, SLOT, 1, 1, largest, SIGNATURE)
                        .build()
                        .payloadLength())
                .isEqualTo(SignedRecord.MAX_PAYLOAD_BYTES);
    }

    @Test
    void of_shouldRejectTtlOutside1ToUint32Max() {
        assertRejected(f -> new Fields(f.key, f.type, f.owner, f.slot, f.seq, 0, f.payload, f.signature));
        assertRejected(f -> new Fields(f.key, f.type, f.owner, f.slot, f.seq, -1, f.payload, f.signature));
        assertRejected(f -> new Fields(f.key, f.type, f.owner, f.slot, f.seq, 1L << 32, f.payload, f.signature));
        assertThat(new Fields(KEY, "note", OWNER, SLOT, 1, 0xffff_ffffL, PAYLOAD, SIGNATURE)
                        .build()
                        .ttlSeconds())
                .isEqualTo(0xffff_ffffL);
    }

    @Test
    void of_shouldRejectASignatureThatIsNot64Bytes() {
        assertRejected(f -> new Fields(f.key, f.type, f.owner, f.slot, f.seq, f.ttl, f.payload, new byte[63]));
    }

    @Test
    void of_shouldCopyArraysInAndOut() {
        byte[] payload = PAYLOAD.clone();
        SignedRecord r = SignedRecord.of(KEY, "note", OWNER, SLOT, 1, 1, payload, SIGNATURE);

        payload[0] ^= 1;
        r.payload()[0] ^= 1;
        r.signature()[0] ^= 1;

        assertThat(r.payload()).isEqualTo(PAYLOAD);
        assertThat(r.signature()).isEqualTo(SIGNATURE);
    }

    @Test
    void signingInput_shouldChangeWhenAnySingleFieldChanges() {
        byte[] base = Fields.base().signingInput();
        List<UnaryOperator<Fields>> changes = List.of(
                f -> new Fields(DhtKey.hash("note/2"), f.type, f.owner, f.slot, f.seq, f.ttl, f.payload, f.signature),
                f -> new Fields(f.key, "notf", f.owner, f.slot, f.seq, f.ttl, f.payload, f.signature),
                f -> new Fields(f.key, f.type, flipLastBit(f.owner), f.slot, f.seq, f.ttl, f.payload, f.signature),
                f -> new Fields(f.key, f.type, f.owner, flipLastBit(f.slot), f.seq, f.ttl, f.payload, f.signature),
                f -> new Fields(f.key, f.type, f.owner, f.slot, f.seq + 1, f.ttl, f.payload, f.signature),
                f -> new Fields(f.key, f.type, f.owner, f.slot, f.seq, f.ttl + 1, f.payload, f.signature),
                f -> new Fields(f.key, f.type, f.owner, f.slot, f.seq, f.ttl, flipLastBit(f.payload), f.signature));

        for (int i = 0; i < changes.size(); i++) {
            Fields changed = changes.get(i).apply(Fields.base());
            assertThat(changed.signingInput()).as("change %d", i).isNotEqualTo(base);
            assertThat(changed.build().signingInput()).as("change %d", i).isEqualTo(changed.signingInput());
        }
    }

    @Test
    void signingInput_shouldNotLetBytesMoveBetweenSlotAndPayload() {
        byte[] a = SignedRecord.signingInput(KEY, "note", OWNER, new byte[] {1, 2}, 1, 1, new byte[] {3});
        byte[] b = SignedRecord.signingInput(KEY, "note", OWNER, new byte[] {1}, 1, 1, new byte[] {2, 3});

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void signingInput_shouldIgnoreTheSignature() {
        SignedRecord a = Fields.base().build();
        SignedRecord b = SignedRecord.of(KEY, "note", OWNER, SLOT, 7, 3600, PAYLOAD, filled(64, 9));

        assertThat(a.signingInput()).isEqualTo(b.signingInput());
    }

    @Test
    void equals_shouldCompareEveryFieldByContent() {
        SignedRecord a = Fields.base().build();
        SignedRecord same =
                SignedRecord.of(KEY, "note", OWNER.clone(), SLOT.clone(), 7, 3600, PAYLOAD.clone(), SIGNATURE.clone());

        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(a).isNotEqualTo(SignedRecord.of(KEY, "note", OWNER, SLOT, 7, 3600, PAYLOAD, filled(64, 9)));
        assertThat(a).isNotEqualTo(SignedRecord.of(KEY, "note", OWNER, SLOT, 7, 3600, new byte[] {1}, SIGNATURE));
        assertThat(a).isNotEqualTo(SignedRecord.of(KEY, "note", OWNER, SLOT, 7, 3601, PAYLOAD, SIGNATURE));
        assertThat(a).isNotEqualTo(SignedRecord.of(KEY, "note", OWNER, SLOT, 8, 3600, PAYLOAD, SIGNATURE));
        assertThat(a).isNotEqualTo(null).isNotEqualTo("a record");
    }

    @Test
    void sameSlotAs_shouldMatchOwnerAndSlotOnly() {
        SignedRecord a = Fields.base().build();
        SignedRecord newer = SignedRecord.of(DhtKey.hash("other"), "note", OWNER, SLOT, 99, 1, new byte[0], SIGNATURE);
        SignedRecord otherSlot = SignedRecord.of(KEY, "note", OWNER, new byte[0], 7, 3600, PAYLOAD, SIGNATURE);

        assertThat(a.sameSlotAs(newer)).isTrue();
        assertThat(a.sameSlotAs(otherSlot)).isFalse();
        assertThat(a.isOwnedBy(OWNER.clone())).isTrue();
        assertThat(a.isOwnedBy(filled(32, 3))).isFalse();
    }

    private static void assertRejected(UnaryOperator<Fields> change) {
        assertThatThrownBy(() -> change.apply(Fields.base()).build()).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] flipLastBit(byte[] b) {
        byte[] copy = b.clone();
        copy[copy.length - 1] ^= 1;
        return copy;
    }
}
