package io.confchat.chat.internal.crypto;

import java.security.GeneralSecurityException;

/**
 * A Noise message failed: it does not authenticate, has the wrong size, carries a low-order key, or
 * a nonce is exhausted. The handshake or the connection it belongs to must be dropped. Messages never
 * include key material.
 */
public final class NoiseException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public NoiseException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public NoiseException(String message, Throwable cause) {
        super(message, cause);
    }
}
