package io.confchat.dht.internal.rpc;

import io.confchat.api.RpcCounts;
import io.confchat.api.RpcKind;
import io.confchat.dht.internal.wire.Message;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request counters of one {@link RpcEndpoint}: sent, received and timed out, per {@link
 * RpcKind}. Incremented where each happens (no sampling); read as an immutable copy. Thread-safe
 * and cheap on the hot path (one {@link LongAdder} increment).
 */
public final class RpcCounters {
    private final Map<RpcKind, LongAdder> sent = adders();
    private final Map<RpcKind, LongAdder> received = adders();
    private final Map<RpcKind, LongAdder> timedOut = adders();

    void sent(Message request) {
        kindOf(request).ifPresent(k -> sent.get(k).increment());
    }

    void received(Message request) {
        kindOf(request).ifPresent(k -> received.get(k).increment());
    }

    void timedOut(Message request) {
        kindOf(request).ifPresent(k -> timedOut.get(k).increment());
    }

    /** The counts now, one entry per kind (zeros included). */
    public Map<RpcKind, RpcCounts> counts() {
        Map<RpcKind, RpcCounts> out = new EnumMap<>(RpcKind.class);
        for (RpcKind k : RpcKind.values()) {
            out.put(
                    k,
                    new RpcCounts(
                            sent.get(k).sum(),
                            received.get(k).sum(),
                            timedOut.get(k).sum()));
        }
        return out;
    }

    /** The kind of a request; empty for a reply. */
    static Optional<RpcKind> kindOf(Message m) {
        if (m instanceof Message.Ping) {
            return Optional.of(RpcKind.PING);
        } else if (m instanceof Message.FindNode) {
            return Optional.of(RpcKind.FIND_NODE);
        } else if (m instanceof Message.FindValue) {
            return Optional.of(RpcKind.FIND_VALUE);
        } else if (m instanceof Message.Store) {
            return Optional.of(RpcKind.STORE);
        }
        return Optional.empty();
    }

    private static Map<RpcKind, LongAdder> adders() {
        Map<RpcKind, LongAdder> m = new EnumMap<>(RpcKind.class);
        for (RpcKind k : RpcKind.values()) {
            m.put(k, new LongAdder());
        }
        return m;
    }
}
