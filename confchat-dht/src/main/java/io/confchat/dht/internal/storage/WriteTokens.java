package io.confchat.dht.internal.storage;

import io.confchat.dht.time.Scheduler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Write tokens as in BEP 5: a node hands a token to an IP address in its NODES and VALUES replies
 * and accepts a STORE only with a token it issued to that same IP within the last one or two
 * epochs. So a STORE with a spoofed source address cannot succeed. The port is left out on
 * purpose: a STORE too large for a datagram arrives over TCP from an ephemeral port, while the
 * token was issued to the UDP port. A token is {@code HMAC-SHA256(secret, epoch || ip)} truncated
 * to 16 bytes; the secret is random per node and never leaves it. Thread-safe.
 */
public final class WriteTokens {
    /** Length of a token. */
    public static final int TOKEN_BYTES = 16;

    private final Scheduler scheduler;
    private final long epochNanos;
    private final SecretKeySpec secret;
    /** One initialised MAC per thread: looking up and keying a MAC costs more than using it. */
    private final ThreadLocal<Mac> macs;

    public WriteTokens(Scheduler scheduler, Duration epoch, SecureRandom random) {
        this.scheduler = scheduler;
        this.epochNanos = epoch.toNanos();
        byte[] key = new byte[32];
        random.nextBytes(key);
        this.secret = new SecretKeySpec(key, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required on every Java platform", e);
        }
    }

    /** The token for the IP of {@code address} in the current epoch. */
    public byte[] issue(InetSocketAddress address) {
        return token(address, epoch());
    }

    /** True when {@code token} was issued to the IP of {@code address} in this epoch or the previous one. */
    public boolean isValid(InetSocketAddress address, byte[] token) {
        if (token == null || token.length != TOKEN_BYTES) {
            return false;
        }
        long now = epoch();
        return MessageDigest.isEqual(token, token(address, now))
                || MessageDigest.isEqual(token, token(address, now - 1));
    }

    private long epoch() {
        return Math.floorDiv(scheduler.nanoTime(), epochNanos);
    }

    private byte[] token(InetSocketAddress address, long epoch) {
        Mac mac = macs.get(); // doFinal leaves it reset for the next token
        mac.update(ByteBuffer.allocate(8).putLong(epoch).array());
        mac.update(address.getAddress().getAddress());
        byte[] full = mac.doFinal();
        byte[] out = new byte[TOKEN_BYTES];
        System.arraycopy(full, 0, out, 0, TOKEN_BYTES);
        return out;
    }
}
