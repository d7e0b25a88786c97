package io.confchat.dht.internal.relay;

import com.google.protobuf.ByteString;
import io.confchat.api.NodeId;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.relay.proto.Challenge;
import io.confchat.dht.internal.relay.proto.Incoming;
import io.confchat.dht.internal.relay.proto.RefusedReason;
import io.confchat.dht.internal.relay.proto.RelayMessage;
import io.confchat.dht.internal.relay.proto.Reserved;
import io.confchat.dht.internal.stream.StreamProtocolHandler;
import io.confchat.dht.relay.RelayLimits;
import io.confchat.dht.time.Scheduler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@value RelayProtocol#ID}: reservations for nodes others cannot dial, and circuits to
 * them (relay.proto). Each connection's first message says what it is:
 *
 * <pre>
 *  reservation:  Reserve(key) -> Challenge(nonce) ; Prove(sig) -> Reserved ; Keepalive <-> Keepalive
 *                held while the connection lives (at most the reservation ttl); Incoming -> client
 *  dialer:       Connect(node id) -> [Incoming(circuit) to the node's reservation] ... Bridged
 *  node's leg:   Accept(circuit)  -> Bridged ; then the two legs are one byte stream ({@link Bridge})
 * </pre>
 *
 * A reservation needs proof of the node key (a signature over a fresh nonce and this relay's id),
 * so nobody can hold another node's reservation. Every count is capped by {@link RelayLimits};
 * the relay reads nothing of a bridged circuit. Anything out of place is refused and closed.
 * Thread-safe; one handler per connection.
 */
public final class RelayServer implements StreamProtocolHandler {
    private static final Logger log = LoggerFactory.getLogger(RelayServer.class);
    /** A connection must say what it is for within this long. */
    static final Duration FIRST_MESSAGE = Duration.ofSeconds(10);

    private static final String HANDLER = "relay";

    private final NodeId self;
    private final RelayLimits limits;
    private final Scheduler scheduler;
    private final SecureRandom random;
    private final BooleanSupplier serving;
    private final Reservations reservations;
    private final Circuits circuits;

    /** @param serving false while this node may not serve (it found itself unreachable) */
    public RelayServer(
            NodeId self, RelayLimits limits, Scheduler scheduler, SecureRandom random, BooleanSupplier serving) {
        this.self = self;
        this.limits = limits;
        this.scheduler = scheduler;
        this.random = random;
        this.serving = serving;
        this.reservations = new Reservations(limits);
        this.circuits = new Circuits(limits);
    }

    @Override
    public void onConnection(Channel channel) {
        channel.pipeline().addLast(HANDLER, new Connection());
    }

    /** Reservations held now. */
    public int reservations() {
        return reservations.size();
    }

    /** Circuits waiting or bridged now. */
    public int circuits() {
        return circuits.size();
    }

    private enum State {
        FIRST,
        CHALLENGED,
        RESERVED,
        DONE
    }

    private final class Connection extends SimpleChannelInboundHandler<ByteBuf> {
        private State state = State.FIRST;
        private byte[] key;
        private byte[] nonce;
        private Reservations.Held held;
        private Scheduler.Cancellable timer = () -> {};

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            timer = scheduler.schedule(FIRST_MESSAGE, () -> {
                if (state == State.FIRST || state == State.CHALLENGED) {
                    ctx.close();
                }
            });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            Optional<RelayMessage> decoded = RelayProtocol.decode(frame);
            if (decoded.isEmpty()) {
                refuse(ctx, RefusedReason.REFUSED_REASON_MALFORMED);
                return;
            }
            RelayMessage m = decoded.get();
            switch (state) {
                case FIRST -> first(ctx, m);
                case CHALLENGED -> {
                    if (m.hasProve()) {
                        prove(ctx, m.getProve().getSignature().toByteArray());
                    } else {
                        refuse(ctx, RefusedReason.REFUSED_REASON_MALFORMED);
                    }
                }
                case RESERVED -> {
                    if (m.hasKeepalive()) {
                        ctx.writeAndFlush(RelayProtocol.keepalive());
                    } else {
                        refuse(ctx, RefusedReason.REFUSED_REASON_MALFORMED);
                    }
                }
                default -> ctx.close();
            }
        }

        private void first(ChannelHandlerContext ctx, RelayMessage m) {
            InetSocketAddress from = (InetSocketAddress) ctx.channel().remoteAddress();
            if (m.hasReserve()) {
                Optional<RefusedReason> no = serving.getAsBoolean()
                        ? reservations.room(from.getAddress())
                        : Optional.of(RefusedReason.REFUSED_REASON_NOT_A_RELAY);
                if (no.isPresent()) {
                    refuse(ctx, no.get());
                    return;
                }
                key = m.getReserve().getPublicKey().toByteArray();
                nonce = new byte[RelayProtocol.NONCE_BYTES];
                random.nextBytes(nonce);
                state = State.CHALLENGED;
                ctx.writeAndFlush(RelayProtocol.encode(RelayMessage.newBuilder()
                        .setChallenge(Challenge.newBuilder()
                                .setNonce(ByteString.copyFrom(nonce))
                                .setObserved(RelayProtocol.endpoint(from)))
                        .build()));
            } else if (m.hasConnect()) {
                state = State.DONE;
                connect(ctx, NodeId.of(m.getConnect().getTarget().toByteArray()), from);
            } else if (m.hasAccept()) {
                state = State.DONE;
                accept(ctx, m.getAccept().getCircuit().toByteArray(), from);
            } else {
                refuse(ctx, RefusedReason.REFUSED_REASON_MALFORMED);
            }
        }

        private void prove(ChannelHandlerContext ctx, byte[] signature) {
            if (!Ed25519KeyPair.verify(key, RelayProtocol.reservationInput(self, nonce), signature)) {
                refuse(ctx, RefusedReason.REFUSED_REASON_BAD_PROOF);
                return;
            }
            InetSocketAddress from = (InetSocketAddress) ctx.channel().remoteAddress();
            if (reservations.room(from.getAddress()).isPresent()) {
                refuse(ctx, RefusedReason.REFUSED_REASON_RESOURCE_LIMIT);
                return;
            }
            held = new Reservations.Held(NodeId.fromPublicKey(key), ctx.channel(), from.getAddress());
            reservations.add(held).ifPresent(older -> older.control().close());
            state = State.RESERVED;
            timer.cancel();
            timer = scheduler.schedule(limits.reservationTtl(), ctx::close);
            ctx.writeAndFlush(RelayProtocol.encode(RelayMessage.newBuilder()
                    .setReserved(Reserved.newBuilder()
                            .setLimit(RelayProtocol.limit(limits))
                            .setExpiresInSeconds(
                                    (int) Math.min(limits.reservationTtl().toSeconds(), Integer.MAX_VALUE)))
                    .build()));
            log.debug("reserved for {} at {}", held.node().shortHex(), from);
        }

        /** A dialer: find the reservation, tell its holder, and wait for its leg. */
        private void connect(ChannelHandlerContext ctx, NodeId target, InetSocketAddress from) {
            Optional<Reservations.Held> reserved = reservations.get(target);
            if (reserved.isEmpty()) {
                refuse(ctx, RefusedReason.REFUSED_REASON_NO_RESERVATION);
                return;
            }
            Optional<RefusedReason> no = circuits.open(target, from.getAddress());
            if (no.isPresent()) {
                refuse(ctx, no.get());
                return;
            }
            Circuits.Slot slot = new Circuits.Slot(target, from.getAddress());
            ctx.channel().config().setAutoRead(false); // nothing more until bridged
            byte[] circuit = new byte[RelayProtocol.CIRCUIT_BYTES];
            random.nextBytes(circuit);
            Scheduler.Cancellable silent = scheduler.schedule(
                    limits.acceptTimeout(),
                    () -> circuits.take(circuit).ifPresent(w -> {
                        circuits.close(slot);
                        ctx.channel()
                                .eventLoop()
                                .execute(() -> refuse(ctx, RefusedReason.REFUSED_REASON_TARGET_SILENT));
                    }));
            circuits.await(circuit, new Circuits.Waiting(target, ctx.channel(), from.getAddress(), silent));
            ctx.channel()
                    .closeFuture()
                    .addListener(f -> circuits.take(circuit).ifPresent(w -> {
                        w.timer().cancel();
                        circuits.close(slot);
                    }));
            reserved.get()
                    .control()
                    .writeAndFlush(RelayProtocol.encode(RelayMessage.newBuilder()
                            .setIncoming(Incoming.newBuilder().setCircuit(ByteString.copyFrom(circuit)))
                            .build()));
        }

        /** The reserving node's leg of a circuit: bridge it to the waiting dialer. */
        private void accept(ChannelHandlerContext ctx, byte[] circuit, InetSocketAddress from) {
            Optional<Circuits.Waiting> waiting = circuits.take(circuit);
            boolean fromHolder = waiting.flatMap(w -> reservations.get(w.target()))
                    .map(h -> h.ip().equals(from.getAddress()))
                    .orElse(false);
            if (waiting.isEmpty() || !fromHolder) {
                waiting.ifPresent(w -> {
                    w.timer().cancel();
                    circuits.close(new Circuits.Slot(w.target(), w.dialerIp()));
                    w.dialer().close();
                });
                refuse(ctx, RefusedReason.REFUSED_REASON_MALFORMED);
                return;
            }
            Circuits.Waiting w = waiting.get();
            w.timer().cancel();
            ctx.channel().config().setAutoRead(false);
            Circuits.Slot slot = new Circuits.Slot(w.target(), w.dialerIp());
            Bridge.join(w.dialer(), ctx.channel(), limits, scheduler, HANDLER, () -> circuits.close(slot));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                ctx.close(); // a reservation's client sends keepalives; silence means it is gone
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            timer.cancel();
            if (held != null) {
                reservations.remove(held);
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("relay connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }

        private void refuse(ChannelHandlerContext ctx, RefusedReason reason) {
            state = State.DONE;
            log.debug("refused {}: {}", ctx.channel().remoteAddress(), reason);
            ctx.writeAndFlush(RelayProtocol.refused(reason)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
