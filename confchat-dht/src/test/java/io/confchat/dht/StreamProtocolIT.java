package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Other protocols share a node's TCP port: one node serves an echo protocol, another dials it. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class StreamProtocolIT {
    private static final String ECHO = "/test/echo/1";

    private final KademliaNode server = start();
    private final KademliaNode client = start();

    @AfterEach
    void stop() {
        server.close();
        client.close();
    }

    @Test
    void openStream_shouldReachTheHandlerOfItsProtocol_andCarryFramesBothWays() {
        server.registerStreamProtocol(ECHO, channel -> channel.pipeline().addLast(new Echo()));

        Channel channel = client.openStream(server.localAddress(), ECHO)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        CompletableFuture<String> reply = new CompletableFuture<>();
        channel.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                reply.complete(frame.toString(StandardCharsets.UTF_8));
            }
        });
        channel.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8));

        assertThat(reply.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo("echo:hello");
        channel.close();
    }

    @Test
    void openStream_toAProtocolNobodyServes_shouldBeClosedByTheServer() {
        Channel channel = client.openStream(server.localAddress(), "/test/nobody/1")
                .orTimeout(10, TimeUnit.SECONDS)
                .join();

        assertThat(channel.closeFuture().awaitUninterruptibly(10, TimeUnit.SECONDS))
                .isTrue();
    }

    @Test
    void openStream_shouldRefuseTheDhtProtocolItself() {
        assertThatThrownBy(() -> client.openStream(server.localAddress(), "/confchat/dht/1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openStream_toAClosedPort_shouldFail() throws java.io.IOException {
        // A port bound and not listening: connecting is refused. (A port just closed is free, and a
        // connect from an ephemeral port may then pick it as its own source and connect to itself,
        // TCP's simultaneous open on loopback: the test once saw such a stream open.)
        try (java.net.Socket closedPort = new java.net.Socket()) {
            closedPort.bind(new InetSocketAddress("127.0.0.1", 0));
            var address = new InetSocketAddress("127.0.0.1", closedPort.getLocalPort());

            assertThatThrownBy(() -> client.openStream(address, ECHO)
                            .orTimeout(10, TimeUnit.SECONDS)
                            .join())
                    .isInstanceOf(CompletionException.class);
        }
    }

    private static KademliaNode start() {
        return KademliaNode.builder()
                .host("127.0.0.1")
                .port(0)
                .start()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    /** Answers every frame with "echo:" and the frame. */
    private static final class Echo extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            ctx.writeAndFlush(
                    Unpooled.copiedBuffer("echo:" + frame.toString(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
    }
}
