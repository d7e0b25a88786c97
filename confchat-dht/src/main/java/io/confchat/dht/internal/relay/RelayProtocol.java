package io.confchat.dht.internal.relay;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.api.NodeId;
import io.confchat.dht.internal.relay.proto.Limit;
import io.confchat.dht.internal.relay.proto.RefusedReason;
import io.confchat.dht.internal.relay.proto.RelayMessage;
import io.confchat.dht.internal.wire.proto.Endpoint;
import io.confchat.dht.relay.RelayLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The messages of {@value #ID} (relay.proto), decoded strictly: the frame's size is checked
 * before parsing and a message comes back only when the fields of its kind are within limits;
 * anything else is empty, never an exception.
 */
public final class RelayProtocol {
    /** The relay's stream protocol. */
    public static final String ID = "/confchat/relay/1";

    static final int MAX_MESSAGE_BYTES = 256;
    static final int NONCE_BYTES = 16;
    static final int CIRCUIT_BYTES = 16;
    private static final int KEY_BYTES = 32;
    private static final int SIGNATURE_BYTES = 64;
    private static final byte[] RESERVATION_TAG = "confchat/relay-reservation/v1".getBytes(StandardCharsets.US_ASCII);

    private RelayProtocol() {}

    /** One message, or empty if it is malformed or outside its limits. */
    static Optional<RelayMessage> decode(ByteBuf frame) {
        if (frame.readableBytes() > MAX_MESSAGE_BYTES) {
            return Optional.empty();
        }
        RelayMessage m;
        try {
            m = RelayMessage.parseFrom(ByteBufUtil.getBytes(frame));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        boolean valid = switch (m.getKindCase()) {
            case RESERVE -> m.getReserve().getPublicKey().size() == KEY_BYTES;
            case CHALLENGE ->
                m.getChallenge().getNonce().size() == NONCE_BYTES
                        && isEndpoint(m.getChallenge().getObserved());
            case PROVE -> m.getProve().getSignature().size() == SIGNATURE_BYTES;
            case CONNECT -> m.getConnect().getTarget().size() == KEY_BYTES;
            case INCOMING -> m.getIncoming().getCircuit().size() == CIRCUIT_BYTES;
            case ACCEPT -> m.getAccept().getCircuit().size() == CIRCUIT_BYTES;
            case REFUSED -> m.getRefused().getReason() != RefusedReason.UNRECOGNIZED;
            case RESERVED, BRIDGED, KEEPALIVE -> true;
            case KIND_NOT_SET -> false;
        };
        return valid ? Optional.of(m) : Optional.empty();
    }

    static ByteBuf encode(RelayMessage m) {
        return Unpooled.wrappedBuffer(m.toByteArray());
    }

    static ByteBuf refused(RefusedReason reason) {
        return encode(RelayMessage.newBuilder()
                .setRefused(io.confchat.dht.internal.relay.proto.Refused.newBuilder()
                        .setReason(reason))
                .build());
    }

    static ByteBuf keepalive() {
        return encode(RelayMessage.newBuilder()
                .setKeepalive(io.confchat.dht.internal.relay.proto.Keepalive.getDefaultInstance())
                .build());
    }

    static Limit limit(RelayLimits limits) {
        return Limit.newBuilder()
                .setDurationSeconds((int) Math.min(limits.circuitDuration().toSeconds(), Integer.MAX_VALUE))
                .setBytes(limits.circuitBytes())
                .build();
    }

    static Endpoint endpoint(InetSocketAddress a) {
        return Endpoint.newBuilder()
                .setIp(ByteString.copyFrom(a.getAddress().getAddress()))
                .setPort(a.getPort())
                .build();
    }

    /** What a reserving node signs: the tag, the relay's id, the relay's nonce. */
    static byte[] reservationInput(NodeId relay, byte[] nonce) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RESERVATION_TAG);
        out.writeBytes(relay.bytes());
        out.writeBytes(nonce);
        return out.toByteArray();
    }

    private static boolean isEndpoint(Endpoint e) {
        int ip = e.getIp().size();
        return (ip == 4 || ip == 16) && e.getPort() >= 1 && e.getPort() <= 65535;
    }
}
