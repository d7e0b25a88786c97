package io.confchat.dht.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.confchat.api.NodeId;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.netty.Frames;
import io.confchat.dht.internal.relay.proto.Accept;
import io.confchat.dht.internal.relay.proto.Connect;
import io.confchat.dht.internal.relay.proto.Prove;
import io.confchat.dht.internal.relay.proto.RefusedReason;
import io.confchat.dht.internal.relay.proto.RelayMessage;
import io.confchat.dht.internal.relay.proto.Reserve;
import io.confchat.dht.relay.RelayLimits;
import io.confchat.dht.time.ManualScheduler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The relay on {@link EmbeddedChannel}s with its real framing: reservations need proof of the
 * node key bound to this relay, circuits reach only reserved nodes and only through their own
 * leg, bridged bytes pass unread and unframed both ways, and every cap and limit holds.
 */
class RelayServerTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final InetSocketAddress HOME = new InetSocketAddress("203.0.113.21", 40000);
    private static final InetSocketAddress DIALER = new InetSocketAddress("198.51.100.7", 50000);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final NodeId relayId = NodeId.of(new byte[32]);
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private boolean serving = true;
    private RelayLimits limits = RelayLimits.DEFAULT;
    private RelayServer relay = newRelay();

    private RelayServer newRelay() {
        return new RelayServer(relayId, limits, scheduler, RANDOM, () -> serving);
    }

    /** A node's reservation: its key and its control connection. */
    private record Holder(Ed25519KeyPair key, EmbeddedChannel control) {
        NodeId id() {
            return NodeId.fromPublicKey(key.publicKey());
        }
    }

    @Test
    void reservation_needsASignatureOfTheNodeKeyOverTheNonceAndThisRelaysId() {
        Holder held = reserve(HOME, relayId);
        assertThat(held).isNotNull();
        assertThat(relay.reservations()).isEqualTo(1);

        EmbeddedChannel forged = reserveAttempt(Ed25519KeyPair.generate(RANDOM), HOME, NodeId.of(filled(9)));
        assertThat(refusal(forged)).as("signed for another relay").isEqualTo(RefusedReason.REFUSED_REASON_BAD_PROOF);
        assertThat(forged.isOpen()).isFalse();
        assertThat(relay.reservations()).isEqualTo(1);
    }

    @Test
    void circuit_reachesTheReservedNode_throughItsOwnLeg_andCarriesBytesUnreadBothWays() {
        Holder home = reserve(HOME, relayId);
        EmbeddedChannel dialer = connect(DIALER, home.id());
        byte[] circuit = incoming(home.control());
        EmbeddedChannel leg = channel(HOME);
        leg.writeInbound(frame(RelayMessage.newBuilder()
                .setAccept(Accept.newBuilder().setCircuit(ByteString.copyFrom(circuit)))
                .build()));
        settle();
        assertThat(message(dialer).hasBridged()).isTrue();
        assertThat(message(leg).hasBridged()).isTrue();

        // what the ends send is their own (here: length-prefixed frames, as a Noise session's)
        ByteBuf fromDialer = Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 3, 'a', 'b', 'c'});
        dialer.writeInbound(fromDialer);
        settle();
        assertThat(bytes(leg)).containsExactly(0, 0, 0, 3, 'a', 'b', 'c');
        leg.writeInbound(Unpooled.wrappedBuffer(new byte[] {9, 8, 7}));
        settle();
        assertThat(bytes(dialer)).as("raw, not framed again").containsExactly(9, 8, 7);
        assertThat(relay.circuits()).isEqualTo(1);

        leg.close();
        settle();
        assertThat(dialer.isOpen()).as("one end closing closes the other").isFalse();
        assertThat(relay.circuits()).isZero();
    }

    @Test
    void circuitToANodeWithoutReservation_isRefused() {
        EmbeddedChannel dialer = connect(DIALER, NodeId.of(filled(3)));
        assertThat(refusal(dialer)).isEqualTo(RefusedReason.REFUSED_REASON_NO_RESERVATION);
    }

    @Test
    void aLegFromAnotherIpOrForAnUnknownCircuit_isRefused_andASilentNodeTimesTheDialerOut() {
        Holder home = reserve(HOME, relayId);
        EmbeddedChannel dialer = connect(DIALER, home.id());
        byte[] circuit = incoming(home.control());
        EmbeddedChannel thief = channel(new InetSocketAddress("192.0.2.66", 1234));
        thief.writeInbound(frame(RelayMessage.newBuilder()
                .setAccept(Accept.newBuilder().setCircuit(ByteString.copyFrom(circuit)))
                .build()));
        settle();
        assertThat(refusal(thief)).isEqualTo(RefusedReason.REFUSED_REASON_MALFORMED);
        assertThat(dialer.isOpen()).as("a hijacked circuit is given up").isFalse();
        assertThat(relay.circuits()).isZero();

        EmbeddedChannel patient = connect(DIALER, home.id());
        incoming(home.control());
        scheduler.advance(limits.acceptTimeout().plusSeconds(1));
        settle();
        assertThat(refusal(patient)).isEqualTo(RefusedReason.REFUSED_REASON_TARGET_SILENT);
        assertThat(relay.circuits()).isZero();
    }

    @Test
    void circuitsPerReservedNode_areCapped() {
        limits = RelayLimits.builder().circuits(100, 3).build();
        relay = newRelay();
        Holder home = reserve(HOME, relayId);
        for (int i = 0; i < 3; i++) {
            connect(new InetSocketAddress("198.51.100." + (i + 1), 50000), home.id());
            incoming(home.control());
        }
        EmbeddedChannel fourth = connect(new InetSocketAddress("198.51.100.9", 50000), home.id());
        assertThat(refusal(fourth)).isEqualTo(RefusedReason.REFUSED_REASON_RESOURCE_LIMIT);
    }

    @Test
    void reservationsPerPublicIp_areCapped() {
        for (int i = 0; i < RelayLimits.DEFAULT.reservationsPerIp(); i++) {
            assertThat(reserve(HOME, relayId)).isNotNull();
        }
        EmbeddedChannel one = reserveAttempt(Ed25519KeyPair.generate(RANDOM), HOME, relayId);
        assertThat(refusal(one)).isEqualTo(RefusedReason.REFUSED_REASON_RESOURCE_LIMIT);
        assertThat(reserve(new InetSocketAddress("203.0.113.99", 1), relayId))
                .as("another IP")
                .isNotNull();
    }

    @Test
    void circuitByteLimit_closesTheCircuit() {
        limits = RelayLimits.builder()
                .circuitLimits(Duration.ofMinutes(30), 1000)
                .build();
        relay = newRelay();
        EmbeddedChannel[] ends = bridged();
        ends[0].writeInbound(Unpooled.wrappedBuffer(new byte[600]));
        settle();
        assertThat(ends[1].isOpen()).isTrue();
        ends[0].writeInbound(Unpooled.wrappedBuffer(new byte[600]));
        settle();
        assertThat(ends[0].isOpen()).isFalse();
        assertThat(ends[1].isOpen()).isFalse();
        assertThat(relay.circuits()).isZero();
    }

    @Test
    void circuitDuration_closesTheCircuit() {
        limits = RelayLimits.builder().circuitLimits(Duration.ofMinutes(2), 0).build();
        relay = newRelay();
        EmbeddedChannel[] ends = bridged();
        scheduler.advance(Duration.ofMinutes(2).plusSeconds(1));
        settle();
        assertThat(ends[0].isOpen()).isFalse();
        assertThat(ends[1].isOpen()).isFalse();
    }

    @Test
    void aNodeFoundUnreachable_servesNoReservations() {
        serving = false;
        EmbeddedChannel attempt = reserveAttempt(Ed25519KeyPair.generate(RANDOM), HOME, relayId);
        assertThat(refusal(attempt)).isEqualTo(RefusedReason.REFUSED_REASON_NOT_A_RELAY);
    }

    @Test
    void malformedOrMisplacedMessages_areRefused() {
        EmbeddedChannel garbage = channel(DIALER);
        garbage.writeInbound(frameBytes(new byte[] {(byte) 0xff, 1, 2}));
        settle();
        assertThat(refusal(garbage)).isEqualTo(RefusedReason.REFUSED_REASON_MALFORMED);
        EmbeddedChannel big = channel(DIALER);
        big.writeInbound(frameBytes(new byte[RelayProtocol.MAX_MESSAGE_BYTES + 1]));
        settle();
        assertThat(refusal(big)).isEqualTo(RefusedReason.REFUSED_REASON_MALFORMED);
        EmbeddedChannel early = channel(DIALER);
        early.writeInbound(frame(RelayMessage.newBuilder()
                .setProve(Prove.newBuilder().setSignature(ByteString.copyFrom(new byte[64])))
                .build()));
        settle();
        assertThat(refusal(early)).as("a proof before a reservation").isEqualTo(RefusedReason.REFUSED_REASON_MALFORMED);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private EmbeddedChannel[] bridged() {
        Holder home = reserve(HOME, relayId);
        EmbeddedChannel dialer = connect(DIALER, home.id());
        byte[] circuit = incoming(home.control());
        EmbeddedChannel leg = channel(HOME);
        leg.writeInbound(frame(RelayMessage.newBuilder()
                .setAccept(Accept.newBuilder().setCircuit(ByteString.copyFrom(circuit)))
                .build()));
        settle();
        assertThat(message(dialer).hasBridged()).isTrue();
        assertThat(message(leg).hasBridged()).isTrue();
        return new EmbeddedChannel[] {dialer, leg};
    }

    private Holder reserve(InetSocketAddress from, NodeId relay) {
        Ed25519KeyPair key = Ed25519KeyPair.generate(RANDOM);
        EmbeddedChannel control = reserveAttempt(key, from, relay);
        RelayMessage m = message(control);
        assertThat(m.hasReserved()).as("reserved, got %s", m).isTrue();
        return new Holder(key, control);
    }

    private EmbeddedChannel reserveAttempt(Ed25519KeyPair key, InetSocketAddress from, NodeId signedFor) {
        EmbeddedChannel control = channel(from);
        control.writeInbound(frame(RelayMessage.newBuilder()
                .setReserve(Reserve.newBuilder().setPublicKey(ByteString.copyFrom(key.publicKey())))
                .build()));
        settle();
        RelayMessage challenge = message(control);
        if (!challenge.hasChallenge()) {
            pushBack(control, challenge);
            return control;
        }
        byte[] input = RelayProtocol.reservationInput(
                signedFor, challenge.getChallenge().getNonce().toByteArray());
        control.writeInbound(frame(RelayMessage.newBuilder()
                .setProve(Prove.newBuilder().setSignature(ByteString.copyFrom(key.sign(input))))
                .build()));
        settle();
        return control;
    }

    private final List<RelayMessage> pushedBack = new ArrayList<>();
    private EmbeddedChannel pushedBackFor;

    private void pushBack(EmbeddedChannel ch, RelayMessage m) {
        pushedBackFor = ch;
        pushedBack.add(m);
    }

    private EmbeddedChannel connect(InetSocketAddress from, NodeId target) {
        EmbeddedChannel dialer = channel(from);
        dialer.writeInbound(frame(RelayMessage.newBuilder()
                .setConnect(Connect.newBuilder().setTarget(ByteString.copyFrom(target.bytes())))
                .build()));
        settle();
        return dialer;
    }

    private byte[] incoming(EmbeddedChannel control) {
        RelayMessage m = message(control);
        assertThat(m.hasIncoming()).as("incoming, got %s", m).isTrue();
        return m.getIncoming().getCircuit().toByteArray();
    }

    private RefusedReason refusal(EmbeddedChannel ch) {
        RelayMessage m = message(ch);
        assertThat(m.hasRefused()).as("refused, got %s", m).isTrue();
        return m.getRefused().getReason();
    }

    /** The next relay message written to {@code ch} (decoded from its length-prefixed frame). */
    private RelayMessage message(EmbeddedChannel ch) {
        if (ch == pushedBackFor && !pushedBack.isEmpty()) {
            return pushedBack.remove(0);
        }
        ByteBuf frame = Unpooled.buffer();
        while (frame.readableBytes() < 4 || frame.readableBytes() < 4 + frame.getInt(0)) {
            ByteBuf out = ch.readOutbound();
            assertThat(out).as("a message on %s", ch.remoteAddress()).isNotNull();
            frame.writeBytes(out);
            out.release();
        }
        int length = frame.readInt();
        assertThat(frame.readableBytes()).isEqualTo(length);
        return RelayProtocol.decode(frame).orElseThrow();
    }

    private static byte[] bytes(EmbeddedChannel ch) {
        ByteBuf out = ch.readOutbound();
        assertThat(out).isNotNull();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private EmbeddedChannel channel(InetSocketAddress remote) {
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            public SocketAddress remoteAddress() {
                return remote;
            }
        };
        Frames.install(ch.pipeline());
        relay.onConnection(ch);
        channels.add(ch);
        return ch;
    }

    private void settle() {
        for (int i = 0; i < 5; i++) {
            channels.forEach(EmbeddedChannel::runPendingTasks);
        }
    }

    private static ByteBuf frame(RelayMessage m) {
        return frameBytes(m.toByteArray());
    }

    private static ByteBuf frameBytes(byte[] body) {
        return Unpooled.buffer().writeInt(body.length).writeBytes(body);
    }

    private static byte[] filled(int b) {
        byte[] out = new byte[32];
        java.util.Arrays.fill(out, (byte) b);
        return out;
    }
}
