package io.confchat.dht.internal.netty;

import static io.confchat.dht.internal.netty.FramesTest.drainOutbound;
import static io.confchat.dht.internal.netty.FramesTest.framed;
import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.dht.internal.rpc.Transport;
import io.confchat.dht.internal.wire.WireLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProtocolSelectorTest {
    private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 40_000);

    private final ProtocolRegistry registry = new ProtocolRegistry();
    private final RecordingPacketHandler dht = new RecordingPacketHandler();
    private final EmbeddedChannel channel = inboundChannel();

    @AfterEach
    void releaseBuffers() {
        channel.finishAndReleaseAll();
    }

    @Test
    void dhtProtocolId_shouldInstallTheDhtHandler() {
        channel.writeInbound(frame(ProtocolRegistry.DHT_PROTOCOL));

        assertThat(channel.pipeline().get(DhtStreamHandler.class)).isNotNull();
        assertThat(channel.pipeline().get(ProtocolSelector.class)).isNull();
        assertThat(dht.packets).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void dhtProtocolId_shouldHandLaterFramesToThePacketHandlerAsStream() {
        byte[] request = {1, 2, 3};

        channel.writeInbound(frame(ProtocolRegistry.DHT_PROTOCOL));
        channel.writeInbound(Unpooled.wrappedBuffer(framed(request)));

        assertThat(dht.packets).hasSize(1);
        Packet p = dht.packets.get(0);
        assertThat(p.payload()).isEqualTo(request);
        assertThat(p.from()).isEqualTo(REMOTE);
        assertThat(p.reply().isDatagram()).isFalse();
    }

    @Test
    void dhtProtocolId_shouldHandAFrameArrivingInTheSameReadToTheDhtHandler() {
        byte[] idThenRequest = concat(framed(ascii(ProtocolRegistry.DHT_PROTOCOL)), framed(new byte[] {9}));

        channel.writeInbound(Unpooled.wrappedBuffer(idThenRequest));

        assertThat(dht.packets).extracting(Packet::payload).containsExactly(new byte[] {9});
    }

    @Test
    void dhtReply_shouldGoBackDownTheSameConnectionAsAFrame() {
        channel.writeInbound(frame(ProtocolRegistry.DHT_PROTOCOL));
        channel.writeInbound(Unpooled.wrappedBuffer(framed(new byte[] {1})));

        dht.packets.get(0).reply().send(new byte[] {4, 5});

        assertThat(drainOutbound(channel)).isEqualTo(framed(new byte[] {4, 5}));
    }

    @Test
    void unknownProtocolId_shouldCloseTheChannel() {
        channel.writeInbound(frame("/confchat/unknown/1"));
        assertThat(named)
                .as("an unknown protocol never leaves the half-open state")
                .isEmpty();

        assertThat(channel.isOpen()).isFalse();
        assertThat(dht.packets).isEmpty();
    }

    @Test
    void protocolIdOver64Bytes_shouldCloseTheChannel() {
        String tooLong = "/confchat/" + "a".repeat(55);
        assertThat(tooLong).hasSize(65);

        channel.writeInbound(frame(tooLong));

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void oversizedFirstFrame_shouldCloseTheChannelAfterTheLengthAlone() {
        channel.writeInbound(Unpooled.buffer(4).writeInt(WireLimits.MAX_FRAME_BYTES + 1));

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void registeredProtocolId_shouldHandTheChannelToItsHandler() {
        List<Channel> connections = new ArrayList<>();
        FramesTest.Collector frames = new FramesTest.Collector();
        registry.register("/confchat/chat/1", ch -> {
            connections.add(ch);
            ch.pipeline().addLast(frames);
        });

        channel.writeInbound(Unpooled.wrappedBuffer(concat(framed(ascii("/confchat/chat/1")), framed(ascii("hi")))));

        assertThat(connections).containsExactly(channel);
        assertThat(channel.pipeline().get(ProtocolSelector.class)).isNull();
        assertThat(frames.payloads).containsExactly(ascii("hi"));
        assertThat(dht.packets).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    // ---- helpers -----------------------------------------------------------------------------

    record Packet(InetSocketAddress from, byte[] payload, Transport.Reply reply) {}

    static final class RecordingPacketHandler implements Transport.PacketHandler {
        final List<Packet> packets = new ArrayList<>();

        @Override
        public void onPacket(InetSocketAddress from, byte[] payload, Transport.Reply reply) {
            packets.add(new Packet(from, payload, reply));
        }
    }

    /** An inbound TCP connection as the node's server sets it up, from a loopback peer. */
    private final java.util.List<io.netty.channel.Channel> named = new java.util.ArrayList<>();

    private EmbeddedChannel inboundChannel() {
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return REMOTE;
            }
        };
        Frames.install(ch.pipeline());
        ch.pipeline().addLast(new ProtocolSelector(registry, dht, c -> named.add(c)));
        return ch;
    }

    private static ByteBuf frame(String protocolId) {
        return Unpooled.wrappedBuffer(framed(ascii(protocolId)));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
