package io.confchat.chat.internal.direct;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.chat.internal.proto.Endpoint;
import io.confchat.chat.internal.proto.PathSignal;
import io.confchat.chat.internal.proto.PunchOffer;
import io.confchat.chat.internal.proto.PunchSync;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hole-punch signals decode strictly: a peer cannot make us dial names, many places, or forever. */
class PathSignalsTest {

    @Test
    void offerAndSync_roundTrip() {
        List<InetSocketAddress> addresses =
                List.of(new InetSocketAddress("203.0.113.21", 40001), new InetSocketAddress("10.1.0.2", 40001));
        assertThat(PathSignals.decode(PathSignals.offer(2, addresses))).contains(new PathSignals.Offer(2, addresses));
        assertThat(PathSignals.decode(PathSignals.sync(3))).contains(new PathSignals.Sync(3));
    }

    @Test
    void anOfferIsRefused_withAHostName_tooManyAddresses_noAddress_aBadPort_aRelayedNode_orABadAttempt() {
        assertThat(decode(offer(1, endpoint("example.org", 1)))).isEmpty();
        PunchOffer.Builder many = PunchOffer.newBuilder().setAttempt(1);
        for (int i = 0; i <= PathSignals.MAX_ADDRESSES; i++) {
            many.addAddresses(endpoint("198.51.100." + (i + 1), 4000));
        }
        assertThat(decode(PathSignal.newBuilder().setOffer(many).build())).isEmpty();
        assertThat(decode(PathSignal.newBuilder()
                        .setOffer(PunchOffer.newBuilder().setAttempt(1))
                        .build()))
                .isEmpty();
        assertThat(decode(offer(1, endpoint("198.51.100.1", 0)))).isEmpty();
        assertThat(decode(offer(1, endpoint("198.51.100.1", 70000)))).isEmpty();
        assertThat(decode(offer(
                        1,
                        endpoint("198.51.100.1", 4000).toBuilder()
                                .setRelayedNode(com.google.protobuf.ByteString.copyFrom(new byte[32]))
                                .build())))
                .isEmpty();
        assertThat(decode(offer(0, endpoint("198.51.100.1", 4000)))).isEmpty();
        assertThat(decode(offer(PathSignals.MAX_ATTEMPT + 1, endpoint("198.51.100.1", 4000))))
                .isEmpty();
        assertThat(decode(PathSignal.newBuilder()
                        .setSync(PunchSync.newBuilder().setAttempt(9))
                        .build()))
                .isEmpty();
        assertThat(PathSignals.decode(new byte[] {(byte) 0xff, 0x01})).isEmpty();
    }

    private static java.util.Optional<PathSignals.Signal> decode(PathSignal s) {
        return PathSignals.decode(s.toByteArray());
    }

    private static PathSignal offer(int attempt, Endpoint e) {
        return PathSignal.newBuilder()
                .setOffer(PunchOffer.newBuilder().setAttempt(attempt).addAddresses(e))
                .build();
    }

    private static Endpoint endpoint(String host, int port) {
        return Endpoint.newBuilder().setHost(host).setPort(port).build();
    }
}
