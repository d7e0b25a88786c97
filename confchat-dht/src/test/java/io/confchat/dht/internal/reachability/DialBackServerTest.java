package io.confchat.dht.internal.reachability;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.NodeId;
import io.confchat.dht.internal.reachability.proto.DialResponse;
import io.confchat.dht.internal.reachability.proto.DialStatus;
import io.confchat.dht.internal.wire.Message.Ping;
import io.confchat.dht.internal.wire.WireCodec;
import io.confchat.dht.internal.wire.WireLimits;
import io.confchat.dht.time.ManualScheduler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The dial-back server on {@link EmbeddedChannel}s: it dials only the IP the request came from,
 * at the port asked, by UDP from another port and by TCP carrying the nonce; it answers what
 * happened; and it refuses requests over its rate limits or malformed ones without dialing.
 */
class DialBackServerTest {
    private static final InetSocketAddress REQUESTER = new InetSocketAddress("198.51.100.7", 51000);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<InetSocketAddress> datagramsTo = new ArrayList<>();
    private final List<byte[]> datagrams = new ArrayList<>();
    private final List<InetSocketAddress> streamsTo = new ArrayList<>();
    private final List<EmbeddedChannel> dialBacks = new ArrayList<>();
    private boolean refuseConnections;

    private final DialBackServer.Network network = new DialBackServer.Network() {
        @Override
        public CompletableFuture<Channel> openStream(InetSocketAddress to, String protocolId) {
            assertThat(protocolId).isEqualTo(DialBackProtocol.BACK);
            streamsTo.add(to);
            if (refuseConnections) {
                return CompletableFuture.failedFuture(new ConnectException("refused"));
            }
            EmbeddedChannel back = new EmbeddedChannel();
            dialBacks.add(back);
            return CompletableFuture.completedFuture(back);
        }

        @Override
        public void sendDatagramFromOtherPort(InetSocketAddress to, byte[] payload) {
            datagramsTo.add(to);
            datagrams.add(payload);
        }
    };

    private final DialBackServer server = new DialBackServer(
            NodeId.of(new byte[32]), new DialBackLimits(scheduler), network, scheduler, new SecureRandom());

    @Test
    void dialsBackTheRequestersOwnIp_atTheRequestedPort_byUdpAndTcp_withTheNonce() {
        byte[] nonce = nonce(1);
        DialResponse response = request(REQUESTER, DialBackProtocol.encodeRequest(nonce, 4000));
        InetSocketAddress target = new InetSocketAddress(REQUESTER.getAddress(), 4000);
        assertThat(response.getStatus()).isEqualTo(DialStatus.DIAL_STATUS_DIALED);
        assertThat(streamsTo).containsExactly(target);
        ByteBuf sent = dialBacks.get(0).readOutbound();
        assertThat(DialBackProtocol.dialBack(sent))
                .hasValueSatisfying(n -> assertThat(n).isEqualTo(nonce));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(datagramsTo).containsExactly(target, target);
        Ping ping = (Ping) WireCodec.decode(datagrams.get(0), WireLimits.MAX_DATAGRAM_BYTES)
                .body();
        assertThat(ping.nonce()).isEqualTo(nonce);
    }

    @Test
    void aConnectionThatFails_isReportedAsFailed() {
        refuseConnections = true;
        assertThat(request(REQUESTER, DialBackProtocol.encodeRequest(nonce(2), 4000))
                        .getStatus())
                .isEqualTo(DialStatus.DIAL_STATUS_FAILED);
    }

    @Test
    void overThePerSourceLimit_isRefusedWithoutDialing_untilTheBucketRefills() {
        for (int i = 0; i < DialBackLimits.PER_SOURCE_BURST; i++) {
            assertThat(request(REQUESTER, DialBackProtocol.encodeRequest(nonce(i), 4000))
                            .getStatus())
                    .isEqualTo(DialStatus.DIAL_STATUS_DIALED);
        }
        int dialed = streamsTo.size();
        assertThat(request(REQUESTER, DialBackProtocol.encodeRequest(nonce(9), 4000))
                        .getStatus())
                .isEqualTo(DialStatus.DIAL_STATUS_REFUSED);
        assertThat(streamsTo).hasSize(dialed);
        assertThat(request(new InetSocketAddress("192.0.2.1", 5), DialBackProtocol.encodeRequest(nonce(8), 4000))
                        .getStatus())
                .as("another source has its own bucket")
                .isEqualTo(DialStatus.DIAL_STATUS_DIALED);
        scheduler.advance(Duration.ofSeconds(DialBackLimits.PER_SOURCE_REFILL_SECONDS));
        assertThat(request(REQUESTER, DialBackProtocol.encodeRequest(nonce(10), 4000))
                        .getStatus())
                .isEqualTo(DialStatus.DIAL_STATUS_DIALED);
    }

    @Test
    void machinesBehindOneRouter_eachGetTheirOwnBucket_butTheirIpIsCapped() {
        int dialed = 0;
        for (int port = 4000; port < 4000 + DialBackLimits.PER_IP_BURST + 4; port++) {
            if (request(REQUESTER, DialBackProtocol.encodeRequest(nonce(port), port))
                            .getStatus()
                    == DialStatus.DIAL_STATUS_DIALED) {
                dialed++;
            }
        }
        assertThat(dialed).isEqualTo(DialBackLimits.PER_IP_BURST);
    }

    @Test
    void manySources_areCappedInAll() {
        int dialed = 0;
        for (int i = 0; i < DialBackLimits.TOTAL_BURST + 10; i++) {
            InetSocketAddress from = new InetSocketAddress("198.51.100." + (i + 1), 6000);
            if (request(from, DialBackProtocol.encodeRequest(nonce(i), 4000)).getStatus()
                    == DialStatus.DIAL_STATUS_DIALED) {
                dialed++;
            }
        }
        assertThat(dialed).isEqualTo(DialBackLimits.TOTAL_BURST);
    }

    @Test
    void malformedRequests_areRefusedWithoutDialing() {
        assertThat(request(REQUESTER, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}))
                        .getStatus())
                .isEqualTo(DialStatus.DIAL_STATUS_REFUSED);
        assertThat(request(REQUESTER, DialBackProtocol.encodeRequest(new byte[5], 4000))
                        .getStatus())
                .as("a short nonce")
                .isEqualTo(DialStatus.DIAL_STATUS_REFUSED);
        assertThat(request(REQUESTER, Unpooled.wrappedBuffer(new byte[200])).getStatus())
                .as("an oversized frame")
                .isEqualTo(DialStatus.DIAL_STATUS_REFUSED);
        assertThat(streamsTo).isEmpty();
        assertThat(datagramsTo).isEmpty();
    }

    private DialResponse request(InetSocketAddress from, ByteBuf frame) {
        EmbeddedChannel channel = new EmbeddedChannel() {
            @Override
            public SocketAddress remoteAddress() {
                return from;
            }
        };
        server.onConnection(channel);
        channel.writeInbound(frame);
        channel.runPendingTasks();
        ByteBuf out = channel.readOutbound();
        assertThat(out).as("a response").isNotNull();
        try {
            return DialResponse.parseFrom(ByteBufUtil.getBytes(out));
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            out.release();
        }
    }

    private static byte[] nonce(int i) {
        byte[] n = new byte[DialBackNonces.NONCE_BYTES];
        n[0] = (byte) i;
        n[1] = 1;
        return n;
    }
}
