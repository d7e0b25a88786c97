package io.confchat.dht.internal.relay;

import com.google.protobuf.ByteString;
import io.confchat.api.Contact;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.internal.relay.proto.Prove;
import io.confchat.dht.internal.relay.proto.RelayMessage;
import io.confchat.dht.internal.relay.proto.Reserve;
import io.confchat.dht.time.Scheduler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reservation this node holds at a relay, from the client's side: the reservation connection
 * and its state.
 *
 * <pre>
 *  Reserve -> Challenge, Prove -> RESERVED --Incoming(circuit)--> a leg is opened (CircuitLegs)
 *  RESERVED: Keepalive every 20 s; nothing heard for 45 s, a refusal or a close -> CLOSED
 * </pre>
 *
 * Thread-safe; the handler runs on the connection's event loop.
 */
final class Reservation extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(Reservation.class);
    static final Duration KEEPALIVE = Duration.ofSeconds(20);
    static final Duration SILENCE = Duration.ofSeconds(45);

    /** What the client hears of a reservation. */
    interface Events {
        void reserved(Reservation r);

        void incoming(Reservation r, byte[] circuit);

        void closed(Reservation r, boolean refused);
    }

    private final Contact relay;
    private final NodeIdentity identity;
    private final Scheduler scheduler;
    private final Events events;
    private volatile Channel channel;
    private volatile boolean reserved;
    private volatile boolean everReserved;
    private boolean refused;
    private long lastHeardNanos;
    private Scheduler.Cancellable keepalive = () -> {};

    Reservation(Contact relay, NodeIdentity identity, Scheduler scheduler, Events events) {
        this.relay = relay;
        this.identity = identity;
        this.scheduler = scheduler;
        this.events = events;
    }

    Contact relay() {
        return relay;
    }

    /** True once the relay granted it, even after it ended. */
    boolean wasReserved() {
        return everReserved;
    }

    boolean isReserved() {
        return reserved && channel != null && channel.isActive();
    }

    /** Starts the reservation on a fresh connection to the relay. */
    void start(Channel ch) {
        this.channel = ch;
        lastHeardNanos = scheduler.nanoTime();
        ch.pipeline().addLast(this);
        ch.writeAndFlush(RelayProtocol.encode(RelayMessage.newBuilder()
                .setReserve(Reserve.newBuilder()
                        .setPublicKey(ByteString.copyFrom(identity.keyPair().publicKey())))
                .build()));
        scheduleKeepalive();
    }

    void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        lastHeardNanos = scheduler.nanoTime();
        RelayMessage m = RelayProtocol.decode(frame).orElse(null);
        if (m == null) {
            ctx.close();
        } else if (m.hasChallenge() && !reserved) {
            byte[] input = RelayProtocol.reservationInput(
                    relay.id(), m.getChallenge().getNonce().toByteArray());
            ctx.writeAndFlush(RelayProtocol.encode(RelayMessage.newBuilder()
                    .setProve(Prove.newBuilder()
                            .setSignature(ByteString.copyFrom(identity.keyPair().sign(input))))
                    .build()));
        } else if (m.hasReserved() && !reserved) {
            reserved = true;
            everReserved = true;
            log.debug("reserved at relay {}", relay.address());
            events.reserved(this);
        } else if (m.hasIncoming() && reserved) {
            events.incoming(this, m.getIncoming().getCircuit().toByteArray());
        } else if (m.hasRefused()) {
            log.debug(
                    "relay {} refused a reservation: {}",
                    relay.address(),
                    m.getRefused().getReason());
            refused = true;
            ctx.close();
        } else if (!m.hasKeepalive()) {
            ctx.close();
        }
    }

    private void scheduleKeepalive() {
        keepalive = scheduler.schedule(KEEPALIVE, () -> {
            Channel ch = channel;
            if (ch == null || !ch.isActive()) {
                return;
            }
            if (scheduler.nanoTime() - lastHeardNanos > SILENCE.toNanos()) {
                log.debug("relay {} went silent", relay.address());
                ch.close();
                return;
            }
            ch.writeAndFlush(RelayProtocol.keepalive());
            scheduleKeepalive();
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        keepalive.cancel();
        reserved = false;
        events.closed(this, refused);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
