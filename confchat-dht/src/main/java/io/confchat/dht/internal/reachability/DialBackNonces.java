package io.confchat.dht.internal.reachability;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The nonces of this node's dial-back requests still waiting for their dial-backs, and which of the
 * two (TCP, UDP) arrived. At most {@value #MAX_OUTSTANDING} are kept (the oldest is forgotten), so
 * a peer sending random nonces cannot grow it, and an arrival counts only for a nonce issued here.
 * Thread-safe.
 */
public final class DialBackNonces {
    /** Nonce length, bytes. */
    public static final int NONCE_BYTES = 16;
    /** Requests waiting at once. */
    static final int MAX_OUTSTANDING = 16;

    /** What arrived for one request. */
    public record Arrival(boolean tcp, boolean udp) {
        /** Both dial-backs came: the node is reachable from that peer. */
        public boolean both() {
            return tcp && udp;
        }
    }

    private final SecureRandom random;
    private final Map<ByteBuffer, Arrival> outstanding = new LinkedHashMap<>();

    public DialBackNonces(SecureRandom random) {
        this.random = random;
    }

    /** A fresh nonce, now waited for. */
    public synchronized byte[] issue() {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        outstanding.put(ByteBuffer.wrap(nonce.clone()), new Arrival(false, false));
        Iterator<ByteBuffer> oldest = outstanding.keySet().iterator();
        while (outstanding.size() > MAX_OUTSTANDING) {
            oldest.next();
            oldest.remove();
        }
        return nonce;
    }

    /** A TCP dial-back carried {@code nonce}; true if it is one of ours. */
    public synchronized boolean arrivedTcp(byte[] nonce) {
        return mark(nonce, true);
    }

    /** A UDP dial-back (a PING) carried {@code nonce}; true if it is one of ours. */
    public synchronized boolean arrivedUdp(byte[] nonce) {
        return mark(nonce, false);
    }

    /** Stops waiting for {@code nonce}; what arrived for it, if it was ours. */
    public synchronized Optional<Arrival> take(byte[] nonce) {
        return Optional.ofNullable(outstanding.remove(ByteBuffer.wrap(nonce)));
    }

    private boolean mark(byte[] nonce, boolean tcp) {
        if (nonce.length != NONCE_BYTES) {
            return false;
        }
        ByteBuffer key = ByteBuffer.wrap(nonce);
        Arrival a = outstanding.get(key);
        if (a == null) {
            return false;
        }
        outstanding.put(key, tcp ? new Arrival(true, a.udp()) : new Arrival(a.tcp(), true));
        return true;
    }
}
