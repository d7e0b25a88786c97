package io.confchat.dht.internal.reachability;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.dht.internal.reachability.proto.DialBack;
import io.confchat.dht.internal.reachability.proto.DialRequest;
import io.confchat.dht.internal.reachability.proto.DialResponse;
import io.confchat.dht.internal.reachability.proto.DialStatus;
import io.confchat.dht.internal.wire.proto.Endpoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The messages of the reachability checks (reachability.proto), decoded strictly: a frame is
 * size-checked before parsing, and a message comes back only when every field is within its
 * limits; anything else is empty, never an exception.
 */
public final class DialBackProtocol {
    /** Requester to server: please dial me back. */
    public static final String REQUEST = "/confchat/autonat/1";
    /** Server to requester: the TCP dial-back. */
    public static final String BACK = "/confchat/autonat/back/1";
    /** Every message of these protocols is smaller. */
    static final int MAX_MESSAGE_BYTES = 64;

    private DialBackProtocol() {}

    /** A request, or empty if malformed. */
    static Optional<DialRequest> request(ByteBuf frame) {
        return parse(frame).flatMap(bytes -> {
            try {
                DialRequest r = DialRequest.parseFrom(bytes);
                boolean valid =
                        r.getNonce().size() == DialBackNonces.NONCE_BYTES && r.getPort() >= 1 && r.getPort() <= 65535;
                return valid ? Optional.of(r) : Optional.empty();
            } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
            }
        });
    }

    /** The nonce of a dial-back, or empty if malformed. */
    static Optional<byte[]> dialBack(ByteBuf frame) {
        return parse(frame).flatMap(bytes -> {
            try {
                DialBack d = DialBack.parseFrom(bytes);
                return d.getNonce().size() == DialBackNonces.NONCE_BYTES
                        ? Optional.of(d.getNonce().toByteArray())
                        : Optional.empty();
            } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
            }
        });
    }

    /** A response's status, or empty if malformed. */
    static Optional<DialStatus> response(ByteBuf frame) {
        return parse(frame).flatMap(bytes -> {
            try {
                DialStatus s = DialResponse.parseFrom(bytes).getStatus();
                return s == DialStatus.UNRECOGNIZED || s == DialStatus.DIAL_STATUS_UNSPECIFIED
                        ? Optional.empty()
                        : Optional.of(s);
            } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
            }
        });
    }

    static ByteBuf encodeRequest(byte[] nonce, int port) {
        return wrap(DialRequest.newBuilder()
                .setNonce(ByteString.copyFrom(nonce))
                .setPort(port)
                .build()
                .toByteArray());
    }

    static ByteBuf encodeResponse(DialStatus status, InetSocketAddress dialed) {
        DialResponse.Builder b = DialResponse.newBuilder().setStatus(status);
        if (dialed != null) {
            b.setDialed(Endpoint.newBuilder()
                    .setIp(ByteString.copyFrom(dialed.getAddress().getAddress()))
                    .setPort(dialed.getPort()));
        }
        return wrap(b.build().toByteArray());
    }

    static ByteBuf encodeDialBack(byte[] nonce) {
        return wrap(DialBack.newBuilder()
                .setNonce(ByteString.copyFrom(nonce))
                .build()
                .toByteArray());
    }

    /** The IP literal of a dialed endpoint, for logs. */
    static String describe(Endpoint e) {
        try {
            return InetAddress.getByAddress(e.getIp().toByteArray()).getHostAddress() + ":" + e.getPort();
        } catch (UnknownHostException ex) {
            return "?";
        }
    }

    private static Optional<byte[]> parse(ByteBuf frame) {
        if (frame.readableBytes() > MAX_MESSAGE_BYTES) {
            return Optional.empty();
        }
        return Optional.of(ByteBufUtil.getBytes(frame));
    }

    private static ByteBuf wrap(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }
}
