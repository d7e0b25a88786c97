package io.confchat.dht.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class VerifiedSignaturesTest {
    private final RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(new SecureRandom()));
    private final VerifiedSignatures signatures = new VerifiedSignatures(16);
    private final SignedRecord record =
            signer.sign(DhtKey.hash("k"), "note", new byte[] {1}, 5, 60, new byte[] {1, 2, 3});

    @Test
    void isValid_shouldAcceptAValidRecordAgainAndAgain() {
        assertThat(signatures.isValid(record)).isTrue();
        assertThat(signatures.isValid(record)).isTrue();
    }

    @Test
    void isValid_shouldRefuseATamperedPayloadEvenAfterTheOriginalWasCached() {
        assertThat(signatures.isValid(record)).isTrue();

        SignedRecord tampered = SignedRecord.of(
                record.key(),
                record.type(),
                record.ownerPublicKey(),
                record.slot(),
                record.seq(),
                record.ttlSeconds(),
                new byte[] {1, 2, 4},
                record.signature());

        assertThat(signatures.isValid(tampered)).isFalse();
        assertThat(signatures.isValid(tampered)).isFalse();
    }

    @Test
    void isValid_shouldRefuseATamperedSignatureEvenAfterTheOriginalWasCached() {
        assertThat(signatures.isValid(record)).isTrue();
        byte[] signature = record.signature();
        signature[10] ^= 1;

        SignedRecord tampered = SignedRecord.of(
                record.key(),
                record.type(),
                record.ownerPublicKey(),
                record.slot(),
                record.seq(),
                record.ttlSeconds(),
                record.payload(),
                signature);

        assertThat(signatures.isValid(tampered)).isFalse();
    }

    @Test
    void isValid_shouldRefuseARecordReplayedWithAHigherSeq() {
        assertThat(signatures.isValid(record)).isTrue();

        SignedRecord replayed = SignedRecord.of(
                record.key(),
                record.type(),
                record.ownerPublicKey(),
                record.slot(),
                record.seq() + 1,
                record.ttlSeconds(),
                record.payload(),
                record.signature());

        assertThat(signatures.isValid(replayed)).isFalse();
    }

    @Test
    void isValid_shouldStillVerifyAfterTheCacheEvictedTheRecord() {
        VerifiedSignatures tiny = new VerifiedSignatures(1);
        SignedRecord other = signer.sign(DhtKey.hash("other"), "note", new byte[0], 1, 60, new byte[0]);

        assertThat(tiny.isValid(record)).isTrue();
        assertThat(tiny.isValid(other)).isTrue();
        assertThat(tiny.isValid(record)).isTrue();
    }
}
