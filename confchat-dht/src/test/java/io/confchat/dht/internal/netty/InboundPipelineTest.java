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

        ch.advanceTimeBy(InboundLimits.DEFAULT.handshakeDeadline().toSeconds() + 1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();

        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void tricklingConnection_isClosedAtTheDeadline_howeverManyBytesItSends() {
        EmbeddedChannel ch = inbound();
        long deadline = InboundLimits.DEFAULT.handshakeDeadline().toSeconds();

        long elapsed = 0;
        while (elapsed + 4 < deadline) { // one byte of a protocol-id frame every 4 s: never idle
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0}));
            ch.advanceTimeBy(4, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            elapsed += 4;
        }
        assertThat(ch.isOpen()).as("open before the deadline").isTrue();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0}));
        ch.advanceTimeBy(deadline - elapsed, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();

        assertThat(ch.isOpen()).as("open at the deadline").isFalse();
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
        ch.advanceTimeBy(InboundLimits.DEFAULT.handshakeDeadline().toSeconds() + 1, TimeUnit.SECONDS);
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
        NettyTransport.installInbound(
                ch.pipeline(), new ProtocolRegistry(), handler, InboundLimits.DEFAULT.handshakeDeadline(), c -> {});
        return ch;
    }
}
