package io.confchat.dht.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.confchat.api.DhtKey;
import io.confchat.api.ProtocolViolationException;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    private final SecureRandom random = new SecureRandom();
    private final RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(random));

    @Test
    void decode_shouldRoundTripASignedRecord() {
        SignedRecord r = signer.sign(DhtKey.hash("user/alice"), "user", bytes("main"), 3, 86_400, bytes("hi"));

        byte[] encoded = RecordCodec.encode(r);
        SignedRecord decoded = RecordCodec.decode(encoded);

        assertThat(decoded).isEqualTo(r);
        assertThat(RecordSigner.verify(decoded)).isTrue();
        assertThat(RecordCodec.encode(decoded)).isEqualTo(encoded);
        assertThat(RecordCodec.encodedSize(r)).isEqualTo(encoded.length);
    }

    @Test
    void decode_shouldRoundTripTheLargestRecordWithinTheEncodedLimit() {
        byte[] payload = new byte[SignedRecord.MAX_PAYLOAD_BYTES];
        random.nextBytes(payload);
        SignedRecord r = signer.sign(
                DhtKey.hash("big"), "t".repeat(32), new byte[SignedRecord.MAX_SLOT_BYTES], -1L, 0xffff_ffffL, payload);

        byte[] encoded = RecordCodec.encode(r);
        SignedRecord decoded = RecordCodec.decode(encoded);

        assertThat(encoded).hasSizeLessThanOrEqualTo(RecordCodec.MAX_ENCODED_BYTES);
        assertThat(decoded).isEqualTo(r);
        assertThat(decoded.seq()).isEqualTo(-1L);
        assertThat(decoded.ttlSeconds()).isEqualTo(0xffff_ffffL);
        assertThat(RecordSigner.verify(decoded)).isTrue();
    }

    @Test
    void encodedSize_shouldEqualTheLengthOfTheEncoding_forEveryFieldShape() {
        byte[][] slots = {new byte[0], new byte[1], new byte[64]};
        long[] seqs = {0, 1, 300, -1L};
        long[] ttls = {1, 127, 128, 0xffff_ffffL};
        int[] payloads = {0, 1, 127, 128, 16_383, 16_384, io.confchat.api.SignedRecord.MAX_PAYLOAD_BYTES};
        for (byte[] slot : slots) {
            for (long seq : seqs) {
                for (long ttl : ttls) {
                    for (int payload : payloads) {
                        var r = signer.sign(
                                io.confchat.api.DhtKey.hash("size"),
                                "a.type-name_1",
                                slot,
                                seq,
                                ttl,
                                new byte[payload]);
                        assertThat(RecordCodec.encodedSize(r))
                                .as("slot %d, seq %d, ttl %d, payload %d", slot.length, seq, ttl, payload)
                                .isEqualTo(RecordCodec.encode(r).length);
                    }
                }
            }
        }
    }

    @Test
    void decode_shouldRejectOversizedBytesBeforeParsing() {
        byte[] tooLarge = new byte[RecordCodec.MAX_ENCODED_BYTES + 1];

        assertThatThrownBy(() -> RecordCodec.decode(tooLarge))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("exceeds")
                .hasNoCause();
    }

    @Test
    void decode_shouldRejectAPayloadOverTheLimit() {
        byte[] encoded = validProto()
                .setPayload(ByteString.copyFrom(new byte[SignedRecord.MAX_PAYLOAD_BYTES + 1]))
                .build()
                .toByteArray();

        assertThatThrownBy(() -> RecordCodec.decode(encoded)).isInstanceOf(ProtocolViolationException.class);
    }

    @Test
    void decode_shouldRejectMalformedFields() {
        assertViolation(validProto().setKey(ByteString.copyFrom(new byte[31])));
        assertViolation(validProto().setType("Not A Type"));
        assertViolation(validProto().setOwnerPublicKey(ByteString.copyFrom(new byte[31])));
        assertViolation(validProto().setSlot(ByteString.copyFrom(new byte[SignedRecord.MAX_SLOT_BYTES + 1])));
        assertViolation(validProto().setTtlSeconds(0));
        assertViolation(validProto().setSignature(ByteString.copyFrom(new byte[63])));
    }

    @Test
    void decode_shouldRejectBytesThatAreNotARecord() {
        assertThatThrownBy(() -> RecordCodec.decode(new byte[] {(byte) 0xff, (byte) 0xff, 1}))
                .isInstanceOf(ProtocolViolationException.class);
    }

    private static void assertViolation(io.confchat.dht.internal.wire.proto.Record.Builder record) {
        byte[] encoded = record.build().toByteArray();
        assertThatThrownBy(() -> RecordCodec.decode(encoded)).isInstanceOf(ProtocolViolationException.class);
    }

    private io.confchat.dht.internal.wire.proto.Record.Builder validProto() {
        SignedRecord r = signer.sign(DhtKey.hash("k"), "note", new byte[0], 1, 60, bytes("x"));
        return RecordCodec.toProto(r).toBuilder();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
