package io.confchat.dht.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.RejectionReason;
import io.confchat.api.SignedRecord;
import io.confchat.dht.StorageQuotas;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.wire.RecordCodec;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.store.InMemoryRecordStore;
import io.confchat.dht.time.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Floods of one multi-value key (an inbox, a directory shard), from one source and from many:
 * every legitimate sender is still accepted, and nothing stored is evicted to make room.
 */
class KeyFloodTest {
    private static final DhtKey INBOX = DhtKey.hash("inbox/flooded");
    /** 64 KiB per key: a sender may fill 4 KiB, the last 16 KiB are kept for light senders (256 B). */
    private static final StorageQuotas QUOTAS = StorageQuotas.builder()
            .perKeyBytes(64 << 10)
            .perOwnerBytes(1 << 20)
            .perSourceBytes(1 << 20)
            .totalBytes(16 << 20)
            .keyShareDivisor(16)
            .build();

    private final SecureRandom random = new SecureRandom();
    private final RecordStorage storage = new RecordStorage(
            new InMemoryRecordStore(), Map.of(), QUOTAS, new VerifiedSignatures(0), new ManualScheduler());
    private final List<SignedRecord> accepted = new ArrayList<>();

    @Test
    void floodFromOneSource_takesItsShareOnly_andLegitimateSendersStillGetIn() {
        int refused = flood("ip:203.0.113.66", 100);

        assertThat(refused).as("flood records refused").isGreaterThan(90);
        assertThat(bytes(accepted)).as("bytes the flooder got").isLessThanOrEqualTo(4 << 10);
        legitimateSendersAreAccepted();
        assertThat(storage.live(INBOX)).containsAll(accepted);
    }

    @Test
    void floodFromManySources_fillsAtMostTheUnreservedPart_andLegitimateSendersStillGetIn() {
        for (int s = 0; s < 40; s++) {
            flood("ip:198.51.100." + s, 10);
        }
        List<SignedRecord> flooded = List.copyOf(accepted);
        assertThat(bytes(flooded)).as("bytes the flooders got").isBetween(40L << 10, 48L << 10);

        legitimateSendersAreAccepted();
        assertThat(storage.live(INBOX)).as("no flood record evicted").containsAll(flooded);
    }

    /** A flooder sends records of 1 KiB under fresh owner keys; returns how many were refused. */
    private int flood(String source, int records) {
        int refused = 0;
        for (int i = 0; i < records; i++) {
            SignedRecord r = signer().sign(INBOX, "inbox", new byte[0], 1, 3600, new byte[1_024]);
            Acceptance a = storage.offer(r, source);
            if (a.isStored()) {
                accepted.add(r);
            } else {
                assertThat(a.refusal()).isEqualTo(RejectionReason.QUOTA_EXCEEDED);
                assertThat(a.detail()).isNotBlank();
                refused++;
            }
        }
        return refused;
    }

    private void legitimateSendersAreAccepted() {
        for (int i = 0; i < 20; i++) {
            SignedRecord small = signer().sign(
                            INBOX, "inbox", new byte[0], 1, 3600, ("hello " + i).getBytes(StandardCharsets.UTF_8));
            Acceptance a = storage.offer(small, "ip:192.0.2." + i);
            assertThat(a.isStored())
                    .as("legitimate sender %d: %s", i, a.detail())
                    .isTrue();
        }
    }

    private static long bytes(List<SignedRecord> records) {
        return records.stream().mapToLong(RecordCodec::encodedSize).sum();
    }

    private RecordSigner signer() {
        return new RecordSigner(Ed25519KeyPair.generate(random));
    }
}
