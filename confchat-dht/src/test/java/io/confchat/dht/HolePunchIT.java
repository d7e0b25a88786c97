package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.dht.internal.stream.HolePunch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hole-punch ports over real sockets on loopback: two nodes connect to each other's punch port
 * at once and get a framed connection; a peer that dials before this side connects (no NAT in
 * between) is held until it does; a punch towards a port nobody punches from fails within
 * its window; a stranger's connection to a punch port is not taken.
 */
class HolePunchIT {

    @Test
    void twoNodesPunchingAtOnce_getAConnection() throws Exception {
        try (KademliaNode a = start();
                KademliaNode b = start()) {
            HolePunch pa = a.prepareHolePunch().get(5, TimeUnit.SECONDS);
            HolePunch pb = b.prepareHolePunch().get(5, TimeUnit.SECONDS);
            BlockingQueue<Channel> atA = new LinkedBlockingQueue<>();
            BlockingQueue<Channel> atB = new LinkedBlockingQueue<>();
            CompletableFuture<Void> fa = pa.connect(List.of(local(pb.port())), Duration.ofSeconds(5), atA::add);
            CompletableFuture<Void> fb = pb.connect(List.of(local(pa.port())), Duration.ofSeconds(5), atB::add);
            fa.get(10, TimeUnit.SECONDS);
            fb.get(10, TimeUnit.SECONDS);
            Channel ca = atA.poll(5, TimeUnit.SECONDS);
            Channel cb = atB.poll(5, TimeUnit.SECONDS);
            assertThat(ca).isNotNull();
            assertThat(cb).isNotNull();
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            for (Channel c : List.of(ca, cb)) {
                c.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                        got.add(frame.toString(StandardCharsets.UTF_8));
                    }
                });
            }
            assertThat(((InetSocketAddress) ca.localAddress()).getPort())
                    .as("it leaves from the punch port")
                    .isEqualTo(pa.port());
            ca.writeAndFlush(Unpooled.copiedBuffer("punched", StandardCharsets.UTF_8));
            // the two sides may have made two connections (one each way): every one carries frames
            cb.writeAndFlush(Unpooled.copiedBuffer("punched", StandardCharsets.UTF_8));
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("punched");
            pa.close();
            pb.close();
        }
    }

    @Test
    void aPeerThatDialsBeforeThisSideConnects_isHeldAndTaken_withWhatItSentMeanwhile() throws Exception {
        // no NAT in between (a LAN): the answerer's SYN, sent at the sync, reaches the offerer's
        // port before the offerer connects half a round trip later
        try (KademliaNode a = start();
                KademliaNode b = start()) {
            HolePunch pa = a.prepareHolePunch().get(5, TimeUnit.SECONDS);
            HolePunch pb = b.prepareHolePunch().get(5, TimeUnit.SECONDS);
            BlockingQueue<Channel> atA = new LinkedBlockingQueue<>();
            BlockingQueue<Channel> atB = new LinkedBlockingQueue<>();
            pb.connect(List.of(local(pa.port())), Duration.ofSeconds(5), atB::add)
                    .get(10, TimeUnit.SECONDS);
            Channel early = atB.poll(5, TimeUnit.SECONDS);
            assertThat(early).isNotNull();
            early.writeAndFlush(Unpooled.copiedBuffer("sent before a connected", StandardCharsets.UTF_8))
                    .sync();
            Thread.sleep(200); // a's listener took it meanwhile

            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            pa.connect(List.of(local(pb.port())), Duration.ofSeconds(5), c -> {
                        atA.add(c);
                        c.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                got.add(frame.toString(StandardCharsets.UTF_8));
                            }
                        });
                    })
                    .get(10, TimeUnit.SECONDS);
            assertThat(got.poll(5, TimeUnit.SECONDS))
                    .as("the early connection is the one a takes, nothing it sent lost")
                    .isEqualTo("sent before a connected");
            assertThat(early.isActive()).isTrue();
            assertThat(((InetSocketAddress) atA.poll(5, TimeUnit.SECONDS).localAddress()).getPort())
                    .isEqualTo(pa.port());
            pa.close();
            pb.close();
        }
    }

    @Test
    void punchTowardsNobody_failsWithinItsWindow() throws Exception {
        try (KademliaNode a = start()) {
            HolePunch pa = a.prepareHolePunch().get(5, TimeUnit.SECONDS);
            HolePunch silent = a.prepareHolePunch().get(5, TimeUnit.SECONDS);
            int port = silent.port();
            silent.close();
            long started = System.nanoTime();
            assertThatThrownBy(() -> pa.connect(List.of(local(port)), Duration.ofSeconds(1), c -> {})
                            .get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("no hole punched");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static KademliaNode start() {
        return KademliaNode.builder()
                .host("127.0.0.1")
                .port(0)
                .start()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }
}
