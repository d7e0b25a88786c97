package io.confchat.chat.internal.crypto;

import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The HandshakeState of {@code Noise_XX_25519_ChaChaPoly_SHA256} (Noise rev 34, sections 5.3 and
 * 7.5), and nothing else: one pattern, one suite.
 *
 * <pre>
 *   XX:
 *     -&gt; e                 initiator writes, responder reads   payload in clear
 *     &lt;- e, ee, s, es      responder writes, initiator reads   payload encrypted
 *     -&gt; s, se             initiator writes, responder reads   payload encrypted
 *
 *   state:  IN_PROGRESS --3rd message--&gt; COMPLETE --split()--&gt; SPLIT
 *                \--any failure--&gt; FAILED (every later read, write or split throws)
 * </pre>
 *
 * <p>The first payload is sent in clear and unauthenticated; the second is encrypted to the
 * initiator's ephemeral key but the responder is not yet sure who reads it; the third is fully
 * protected. The responder's static key is known after the second message, the initiator's after
 * the third ({@link #remoteStaticKey()}); checking that it belongs to the expected user is the
 * caller's job (docs/wire-protocol.md#live-sessions-confchatchat1: the payload proves the identity key).
 *
 * <p>Not thread-safe; one per connection. Calls out of turn throw {@link IllegalStateException};
 * a failed read throws {@link NoiseException} and kills the handshake.
 */
public final class NoiseHandshake {
    /** The protocol name, hashed into every handshake. */
    public static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";

    private enum Token {
        E,
        S,
        EE,
        ES,
        SE
    }

    private static final Token[][] XX = {{Token.E}, {Token.E, Token.EE, Token.S, Token.ES}, {Token.S, Token.SE}};

    private enum Status {
        IN_PROGRESS,
        COMPLETE,
        SPLIT,
        FAILED
    }

    private static final int DH_BYTES = X25519KeyPair.KEY_BYTES;

    private final boolean initiator;
    private final X25519KeyPair s;
    private final Supplier<X25519KeyPair> ephemerals;
    private final NoiseSymmetricState symmetric;
    private X25519KeyPair e;
    private byte[] rs;
    private byte[] re;
    private int messageIndex;
    private Status status = Status.IN_PROGRESS;

    private NoiseHandshake(
            boolean initiator, X25519KeyPair staticKey, byte[] prologue, Supplier<X25519KeyPair> ephemerals) {
        if (staticKey == null) {
            throw new IllegalArgumentException("a Noise XX party needs a static key");
        }
        this.initiator = initiator;
        this.s = staticKey;
        this.ephemerals = ephemerals;
        this.symmetric = new NoiseSymmetricState(PROTOCOL_NAME);
        symmetric.mixHash(prologue == null ? new byte[0] : prologue);
    }

    /**
     * The side that sends the first message.
     *
     * @param prologue data both sides must agree on (e.g. a protocol version), hashed in; null means
     *     empty
     * @param random source of the ephemeral key
     */
    public static NoiseHandshake initiator(X25519KeyPair staticKey, byte[] prologue, SecureRandom random) {
        return new NoiseHandshake(true, staticKey, prologue, () -> X25519KeyPair.generate(random));
    }

    /** The side that receives the first message; see {@link #initiator}. */
    public static NoiseHandshake responder(X25519KeyPair staticKey, byte[] prologue, SecureRandom random) {
        return new NoiseHandshake(false, staticKey, prologue, () -> X25519KeyPair.generate(random));
    }

    /** An initiator with a fixed ephemeral key, for test vectors only. */
    static NoiseHandshake initiatorWithEphemeral(X25519KeyPair staticKey, byte[] prologue, X25519KeyPair ephemeral) {
        return new NoiseHandshake(true, staticKey, prologue, () -> ephemeral);
    }

    /** A responder with a fixed ephemeral key, for test vectors only. */
    static NoiseHandshake responderWithEphemeral(X25519KeyPair staticKey, byte[] prologue, X25519KeyPair ephemeral) {
        return new NoiseHandshake(false, staticKey, prologue, () -> ephemeral);
    }

    /** True for the side that sent the first message. */
    public boolean isInitiator() {
        return initiator;
    }

    /** True when this side writes the next handshake message. */
    public boolean isMyTurnToWrite() {
        return status == Status.IN_PROGRESS && (messageIndex % 2 == 0) == initiator;
    }

    /** True once all three messages went through; {@link #split()} is then available. */
    public boolean isComplete() {
        return status == Status.COMPLETE || status == Status.SPLIT;
    }

    /**
     * Writes the next handshake message carrying {@code payload} (null means empty).
     *
     * @throws NoiseException if a key the remote side sent earlier turns out to be low-order (its
     *     DH happens only now); the handshake is then dead
     * @throws IllegalStateException if it is not this side's turn, or the handshake is over or failed
     * @throws IllegalArgumentException if the message would exceed 65535 bytes (the handshake stays
     *     usable)
     */
    public byte[] writeMessage(byte[] payload) throws NoiseException {
        checkTurn(true);
        byte[] body = payload == null ? new byte[0] : payload;
        if (body.length + overhead(messageIndex) > NoiseCipherState.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("Noise handshake payload too long: " + body.length + " bytes");
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + overhead(messageIndex));
            for (Token token : XX[messageIndex]) {
                switch (token) {
                    case E:
                        e = ephemerals.get();
                        byte[] ePublic = e.publicKey();
                        out.writeBytes(ePublic);
                        symmetric.mixHash(ePublic);
                        break;
                    case S:
                        out.writeBytes(symmetric.encryptAndHash(s.publicKey()));
                        break;
                    default:
                        mixDh(token);
                }
            }
            out.writeBytes(symmetric.encryptAndHash(body));
            advance();
            return out.toByteArray();
        } catch (NoiseException | RuntimeException ex) {
            status = Status.FAILED;
            throw ex;
        }
    }

    /**
     * Reads the next handshake message; returns its payload.
     *
     * @throws NoiseException if the message is malformed, too long, does not authenticate, or
     *     carries a low-order key; the handshake is then dead
     * @throws IllegalStateException if it is not this side's turn to read, or the handshake is over or
     *     failed
     */
    public byte[] readMessage(byte[] message) throws NoiseException {
        checkTurn(false);
        try {
            if (message.length > NoiseCipherState.MAX_MESSAGE_BYTES) {
                throw new NoiseException("Noise handshake message longer than 65535 bytes");
            }
            if (message.length < overhead(messageIndex)) {
                throw new NoiseException("Noise handshake message " + (messageIndex + 1) + " too short");
            }
            int offset = 0;
            for (Token token : XX[messageIndex]) {
                switch (token) {
                    case E:
                        re = Arrays.copyOfRange(message, offset, offset + DH_BYTES);
                        offset += DH_BYTES;
                        symmetric.mixHash(re);
                        break;
                    case S:
                        int len = DH_BYTES + symmetric.overhead();
                        rs = symmetric.decryptAndHash(Arrays.copyOfRange(message, offset, offset + len));
                        offset += len;
                        break;
                    default:
                        mixDh(token);
                }
            }
            byte[] payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, offset, message.length));
            advance();
            return payload;
        } catch (NoiseException | RuntimeException ex) {
            status = Status.FAILED;
            throw ex;
        }
    }

    /**
     * The remote party's static public key (a copy), known once the message carrying it was read.
     *
     * @throws IllegalStateException before that
     */
    public byte[] remoteStaticKey() {
        if (rs == null) {
            throw new IllegalStateException("the remote static key has not been received yet");
        }
        return rs.clone();
    }

    /**
     * The handshake hash (section 11.2), equal on both sides: a channel binding for signatures.
     *
     * @throws IllegalStateException before the handshake is complete
     */
    public byte[] handshakeHash() {
        if (!isComplete()) {
            throw new IllegalStateException("the handshake is not complete");
        }
        return symmetric.handshakeHash();
    }

    /**
     * The transport cipher states; callable once, after the handshake is complete.
     *
     * @throws IllegalStateException if not complete, or already split
     */
    public NoiseTransport split() {
        if (status != Status.COMPLETE) {
            throw new IllegalStateException(
                    status == Status.SPLIT ? "the handshake was already split" : "the handshake is not complete");
        }
        status = Status.SPLIT;
        NoiseCipherState[] pair = symmetric.split();
        e = null;
        return initiator ? new NoiseTransport(pair[0], pair[1]) : new NoiseTransport(pair[1], pair[0]);
    }

    private void mixDh(Token token) throws NoiseException {
        // es: DH(initiator's e, responder's s); se: DH(initiator's s, responder's e) (section 5.3)
        try {
            switch (token) {
                case EE:
                    symmetric.mixKey(e.agree(re));
                    break;
                case ES:
                    symmetric.mixKey(initiator ? e.agree(rs) : s.agree(re));
                    break;
                case SE:
                    symmetric.mixKey(initiator ? s.agree(re) : e.agree(rs));
                    break;
                default:
                    throw new IllegalStateException("not a DH token: " + token);
            }
        } catch (InvalidKeyException ex) {
            throw new NoiseException("Noise remote key refused: " + ex.getMessage(), ex);
        }
    }

    private void checkTurn(boolean writing) {
        if (status == Status.FAILED) {
            throw new IllegalStateException("the Noise handshake failed");
        }
        if (status != Status.IN_PROGRESS) {
            throw new IllegalStateException("the Noise handshake is already complete");
        }
        if (isMyTurnToWrite() != writing) {
            throw new IllegalStateException("not this side's turn to " + (writing ? "write" : "read"));
        }
    }

    private void advance() {
        messageIndex++;
        if (messageIndex == XX.length) {
            status = Status.COMPLETE;
        }
    }

    // bytes a message adds around its payload: keys in clear or encrypted, and the payload's tag
    private static int overhead(int index) {
        switch (index) {
            case 0:
                return DH_BYTES;
            case 1:
                return DH_BYTES + DH_BYTES + NoiseCipherState.TAG_BYTES + NoiseCipherState.TAG_BYTES;
            default:
                return DH_BYTES + NoiseCipherState.TAG_BYTES + NoiseCipherState.TAG_BYTES;
        }
    }

    @Override
    public String toString() {
        return "NoiseHandshake[" + (initiator ? "initiator" : "responder") + ", message " + messageIndex + ", " + status
                + "]";
    }
}
