package io.confchat.dht.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.dht.internal.rpc.Transport;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pipeline of an accepted connection, as {@link NettyTransport} builds it. */
class InboundPipelineTest {
    private final List<byte[]> received = new ArrayList<>();
    private final Transport.PacketHandler handler = (from, payload, reply) -> received.add(payload);

    @Test
    void silentConnection_isClosedAfterTheHandshakeDeadline() {
        EmbeddedChannel ch = inbound();

        ch.advanceTimeBy(NettyTransport.HANDSHAKE_SECONDS + 1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();

        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void largeFrameBeforeTheProtocolId_closesTheConnectionAtItsHeader() {
        EmbeddedChannel ch = inbound();

        ch.writeInbound(Unpooled.buffer(4).writeInt(65));

        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void protocolIdAndFirstFrameInOneRead_bothArrive_andTheDeadlineNoLongerApplies() {
        EmbeddedChannel ch = inbound();
        byte[] id = ProtocolRegistry.DHT_PROTOCOL.getBytes(StandardCharsets.US_ASCII);
        byte[] big = new byte[10_000];

        ch.writeInbound(Unpooled.buffer()
                .writeInt(id.length)
                .writeBytes(id)
                .writeInt(big.length)
                .writeBytes(big));
        ch.advanceTimeBy(NettyTransport.HANDSHAKE_SECONDS + 1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();

        assertThat(received).hasSize(1);
        assertThat(received.get(0)).hasSize(big.length);
        assertThat(ch.isOpen()).isTrue();
    }

    private EmbeddedChannel inbound() {
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            protected java.net.SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", 40000);
            }
        };
        ch.freezeTime();
        NettyTransport.installInbound(ch.pipeline(), new ProtocolRegistry(), handler);
        return ch;
    }
}
