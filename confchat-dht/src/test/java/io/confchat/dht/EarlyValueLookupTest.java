package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.DhtKey;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import io.confchat.dht.testing.SimCluster;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A get ends once the closest replicas agree ({@link DhtConfig#valueQuorum()}), yet still returns
 * every owner's record of a multi-value key, and a key nobody holds still asks the k closest.
 */
class EarlyValueLookupTest {
    private final SecureRandom random = new SecureRandom();
    private final DhtKey key = DhtKey.hash("early/multi");

    @Test
    void sameRecords_shouldNeedRecords_andTheSameOnesInAnyOrder() {
        SignedRecord a = record(key, 1);
        SignedRecord b = record(key, 2);

        assertThat(Lookups.sameRecords(List.of(found(a, b), found(b, a), found(a, b))))
                .isTrue();
        assertThat(Lookups.sameRecords(List.of(found(a, b), found(a), found(a, b))))
                .isFalse();
        assertThat(Lookups.sameRecords(List.of(found(), found(), found()))).isFalse();
        assertThat(Lookups.sameRecords(List.of())).isFalse();
        // one record each, the usual answer
        assertThat(Lookups.sameRecords(List.of(found(a), found(a), found(a)))).isTrue();
        assertThat(Lookups.sameRecords(List.of(found(a), found(b), found(a)))).isFalse();
        assertThat(Lookups.sameRecords(List.of(found(a), found(a, a), found(a))))
                .isTrue();
        assertThat(Lookups.sameRecords(List.of(found(a), found(a), found()))).isFalse();
    }

    @Test
    void get_shouldReturnEveryOwnersRecordOfAMultiValueKey_fromEveryNode() {
        try (SimCluster cluster = SimCluster.of(60, 7)) {
            List<SignedRecord> records = new ArrayList<>();
            for (int owner = 0; owner < 4; owner++) {
                SignedRecord r = record(key, owner);
                cluster.scheduler().await(cluster.node(owner * 7).put(r), Duration.ofSeconds(30));
                records.add(r);
            }
            for (KademliaNode reader : cluster.nodes()) {
                assertThat(cluster.scheduler().await(reader.get(key), Duration.ofSeconds(30)))
                        .as("read from %s", reader)
                        .containsExactlyInAnyOrderElementsOf(records);
            }
        }
    }

    @Test
    void get_shouldSendFewerMessages_whenTheClosestAgree_thanWhenTheKClosestMustAllAnswer() {
        int early = datagramsForTwentyGets(DhtConfig.defaults());
        int full = datagramsForTwentyGets(DhtConfig.builder().valueQuorum(0).build());

        assertThat(early).isLessThan(full);
    }

    /** Datagrams the whole cluster sends (requests and replies) for 20 gets of one held record. */
    private int datagramsForTwentyGets(DhtConfig config) {
        try (SimCluster cluster = SimCluster.of(80, 9, b -> b.config(config))) {
            SignedRecord r = record(key, 0);
            cluster.scheduler().await(cluster.node(0).put(r), Duration.ofSeconds(30));
            long before = cluster.network().datagramsSent();
            for (int i = 0; i < 20; i++) {
                assertThat(cluster.scheduler().await(cluster.node(40 + i).get(key), Duration.ofSeconds(30)))
                        .contains(r);
            }
            return (int) (cluster.network().datagramsSent() - before);
        }
    }

    private SignedRecord record(DhtKey k, int owner) {
        RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(random));
        return signer.sign(k, "note", new byte[0], 1, 3600, new byte[] {(byte) owner});
    }

    private static Lookups.ValuesFound found(SignedRecord... records) {
        return new Lookups.ValuesFound(List.of(records), new byte[0]);
    }
}
