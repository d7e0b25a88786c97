package io.confchat.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.dht.internal.stream.Relayed;
import io.confchat.dht.relay.RelayLimits;
import io.confchat.dht.relay.RelayedEndpoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Relays over real sockets on loopback: a node fixed {@link Reachability#PRIVATE} reserves at two
 * relays among its contacts, a dialer reaches it through either (an echo protocol, frames intact
 * end to end, the stream marked relayed on both ends), and when one relay dies its circuits end,
 * the node holds its other reservation, and the next dial goes through the survivor.
 */
class RelayIT {
    private static final String ECHO = "/test/echo/1";

    @Test
    void privateNode_isReachedThroughEitherRelay_andSurvivesTheDeathOfOne() throws Exception {
        try (KademliaNode relayA = start(KademliaNode.builder().relay(RelayLimits.DEFAULT));
                KademliaNode relayB = start(KademliaNode.builder().relay(RelayLimits.DEFAULT));
                KademliaNode target = start(KademliaNode.builder().reachability(Reachability.PRIVATE));
                KademliaNode dialer = start(KademliaNode.builder())) {
            AtomicInteger changes = new AtomicInteger();
            target.onAddressChange(changes::incrementAndGet);
            BlockingQueue<Channel> served = new LinkedBlockingQueue<>();
            target.registerStreamProtocol(ECHO, ch -> {
                served.add(ch);
                ch.pipeline().addLast(new Echo());
            });
            join(relayB, relayA);
            join(target, relayA);
            await(() -> target.relayedEndpoints().size() == 2, "reservations at both relays");
            assertThat(changes.get()).isGreaterThanOrEqualTo(2);
            assertThat(target.relayedEndpoints())
                    .extracting(RelayedEndpoint::relay)
                    .containsExactlyInAnyOrder(relayA.localAddress(), relayB.localAddress());
            assertThat(target.relayedEndpoints()).allMatch(e -> e.target().equals(target.localId()));

            RelayedEndpoint viaA = new RelayedEndpoint(relayA.localAddress(), target.localId());
            Channel circuit = dialer.openRelayedStream(viaA, ECHO).get(10, TimeUnit.SECONDS);
            assertThat(Relayed.via(circuit)).contains(relayA.localAddress());
            BlockingQueue<String> echoed = collect(circuit);
            circuit.writeAndFlush(Unpooled.copiedBuffer("hello through a relay", StandardCharsets.UTF_8));
            assertThat(echoed.poll(10, TimeUnit.SECONDS)).isEqualTo("hello through a relay");
            Channel atTarget = served.poll(10, TimeUnit.SECONDS);
            assertThat(Relayed.via(atTarget)).contains(relayA.localAddress());

            relayA.close();
            assertThat(circuit.closeFuture().await(10, TimeUnit.SECONDS)).isTrue();
            await(() -> target.relayedEndpoints().size() == 1, "the reservation at the dead relay dropped");
            assertThatThrownBy(() -> dialer.openRelayedStream(viaA, ECHO).join())
                    .isInstanceOf(CompletionException.class);

            RelayedEndpoint viaB = new RelayedEndpoint(relayB.localAddress(), target.localId());
            Channel second = dialer.openRelayedStream(viaB, ECHO).get(10, TimeUnit.SECONDS);
            BlockingQueue<String> again = collect(second);
            second.writeAndFlush(Unpooled.copiedBuffer("still here", StandardCharsets.UTF_8));
            assertThat(again.poll(10, TimeUnit.SECONDS)).isEqualTo("still here");
        }
    }

    @Test
    void circuitToANodeWithoutReservation_fails() {
        try (KademliaNode relay = start(KademliaNode.builder().relay(RelayLimits.DEFAULT));
                KademliaNode dialer = start(KademliaNode.builder())) {
            RelayedEndpoint nobody = new RelayedEndpoint(relay.localAddress(), dialer.localId());
            assertThatThrownBy(() -> dialer.openRelayedStream(nobody, ECHO).join())
                    .hasMessageContaining("NO_RESERVATION");
        }
    }

    @Test
    void nodeThatIsNoRelay_refusesReservations_andThePrivateNodeHoldsNone() throws Exception {
        try (KademliaNode plain = start(KademliaNode.builder());
                KademliaNode target = start(KademliaNode.builder().reachability(Reachability.PRIVATE))) {
            join(target, plain);
            Thread.sleep(1000);
            assertThat(target.relayedEndpoints()).isEmpty();
        }
    }

    /** Echoes every frame back. */
    private static final class Echo extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            ctx.writeAndFlush(frame.retain());
        }
    }

    private static BlockingQueue<String> collect(Channel ch) {
        BlockingQueue<String> out = new LinkedBlockingQueue<>();
        ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                out.add(frame.toString(StandardCharsets.UTF_8));
            }
        });
        return out;
    }

    private static void join(KademliaNode node, KademliaNode seed) {
        node.bootstrap(List.of(seed.localAddress()))
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean() && Instant.now().isBefore(end)) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private static KademliaNode start(KademliaNodeBuilder builder) {
        return builder.host("127.0.0.1")
                .port(0)
                .start()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }
}
