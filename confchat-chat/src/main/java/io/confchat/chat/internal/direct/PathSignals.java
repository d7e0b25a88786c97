package io.confchat.chat.internal.direct;

import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.chat.internal.proto.Endpoint;
import io.confchat.chat.internal.proto.PathSignal;
import io.confchat.chat.internal.proto.PunchOffer;
import io.confchat.chat.internal.proto.PunchSync;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hole-punch signals of a relayed session ({@code PathSignal} of chat.proto) as values, decoded
 * strictly: an offer names 1 to {@value #MAX_ADDRESSES} IP literals with ports, for attempts 1 to
 * {@value #MAX_ATTEMPT}; anything else is empty, never an exception.
 */
final class PathSignals {
    static final int MAX_ADDRESSES = 4;
    static final int MAX_ATTEMPT = 3;

    /** A decoded signal. */
    sealed interface Signal {
        int attempt();
    }

    /** Where the sender's punch port is reached (DCUtR's Connect). */
    record Offer(int attempt, List<InetSocketAddress> addresses) implements Signal {}

    /** Dial now (DCUtR's Sync). */
    record Sync(int attempt) implements Signal {}

    private PathSignals() {}

    static byte[] offer(int attempt, List<InetSocketAddress> addresses) {
        PunchOffer.Builder o = PunchOffer.newBuilder().setAttempt(attempt);
        for (InetSocketAddress a : addresses.subList(0, Math.min(MAX_ADDRESSES, addresses.size()))) {
            o.addAddresses(Endpoint.newBuilder()
                    .setHost(a.getAddress().getHostAddress())
                    .setPort(a.getPort()));
        }
        return PathSignal.newBuilder().setOffer(o).build().toByteArray();
    }

    static byte[] sync(int attempt) {
        return PathSignal.newBuilder()
                .setSync(PunchSync.newBuilder().setAttempt(attempt))
                .build()
                .toByteArray();
    }

    static Optional<Signal> decode(byte[] payload) {
        PathSignal s;
        try {
            s = PathSignal.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        if (s.hasSync() && isAttempt(s.getSync().getAttempt())) {
            return Optional.of(new Sync(s.getSync().getAttempt()));
        }
        if (!s.hasOffer() || !isAttempt(s.getOffer().getAttempt())) {
            return Optional.empty();
        }
        List<Endpoint> wire = s.getOffer().getAddressesList();
        if (wire.isEmpty() || wire.size() > MAX_ADDRESSES) {
            return Optional.empty();
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (Endpoint e : wire) {
            byte[] ip = e.getHost().length() <= 45 ? NetUtil.createByteArrayFromIpAddressString(e.getHost()) : null;
            if (ip == null
                    || e.getPort() < 1
                    || e.getPort() > 65535
                    || !e.getRelayedNode().isEmpty()) {
                return Optional.empty();
            }
            try {
                addresses.add(new InetSocketAddress(InetAddress.getByAddress(ip), e.getPort()));
            } catch (UnknownHostException ex) {
                return Optional.empty();
            }
        }
        return Optional.of(new Offer(s.getOffer().getAttempt(), List.copyOf(addresses)));
    }

    private static boolean isAttempt(int attempt) {
        return attempt >= 1 && attempt <= MAX_ATTEMPT;
    }
}
