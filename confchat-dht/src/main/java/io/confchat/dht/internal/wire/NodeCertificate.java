package io.confchat.dht.internal.wire;

import io.confchat.api.NodeId;
import io.confchat.api.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A node's transferable proof of its id (S/Kademlia section 4.2's weak signature; a libp2p signed
 * peer record): its Ed25519 key, the endpoints it listens on and an expiry, signed by the key. It
 * proves the id {@code SHA-256(publicKey)} to a requester that reached the node at one of the
 * endpoints; from any other address it proves nothing (docs/dht-hardening.md#proofs-in-replies).
 *
 * <pre>
 * signing input:  "confchat/node-cert/v1" | public key (32) | n (1)
 *                 | n x ( ip length (1) | ip (4 or 16) | port (2, big-endian) )
 *                 | not after (8, big-endian, unix seconds)
 * </pre>
 *
 * Arrays are not copied: treat them as immutable.
 *
 * @param publicKey the node's Ed25519 public key, 32 bytes
 * @param endpoints where the node listens, 1 to {@link #MAX_ENDPOINTS}
 * @param notAfterSeconds unix time in seconds after which the certificate proves nothing
 * @param signature Ed25519 signature of {@link #signingInput()} by {@code publicKey}, 64 bytes
 */
public record NodeCertificate(
        byte[] publicKey, List<InetSocketAddress> endpoints, long notAfterSeconds, byte[] signature) {
    /** Most endpoints one certificate names. */
    public static final int MAX_ENDPOINTS = 4;

    private static final byte[] TAG = "confchat/node-cert/v1".getBytes(StandardCharsets.US_ASCII);

    /**
     * @throws ProtocolViolationException if a field is out of its limits (as decoded from a peer)
     */
    public NodeCertificate {
        if (publicKey.length != 32 || signature.length != 64) {
            throw new ProtocolViolationException("a certificate has a 32-byte key and a 64-byte signature");
        }
        if (endpoints.isEmpty() || endpoints.size() > MAX_ENDPOINTS) {
            throw new ProtocolViolationException("a certificate names 1 to " + MAX_ENDPOINTS + " endpoints");
        }
        if (notAfterSeconds < 0) {
            throw new ProtocolViolationException("certificate expiry out of range");
        }
        endpoints = List.copyOf(endpoints);
    }

    /** The id this certificate is about: SHA-256 of the key. */
    public NodeId nodeId() {
        return NodeId.fromPublicKey(publicKey);
    }

    /** The bytes the signature covers (see the class comment). */
    public byte[] signingInput() {
        return signingInput(publicKey, endpoints, notAfterSeconds);
    }

    /** The bytes a node signs to certify {@code endpoints} until {@code notAfterSeconds}. */
    public static byte[] signingInput(byte[] publicKey, List<InetSocketAddress> endpoints, long notAfterSeconds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(TAG.length + 32 + 1 + endpoints.size() * 19 + 8);
        out.writeBytes(TAG);
        out.writeBytes(publicKey);
        out.write(endpoints.size());
        for (InetSocketAddress e : endpoints) {
            byte[] ip = e.getAddress().getAddress();
            out.write(ip.length);
            out.writeBytes(ip);
            out.write(e.getPort() >> 8);
            out.write(e.getPort());
        }
        out.writeBytes(ByteBuffer.allocate(8).putLong(notAfterSeconds).array());
        return out.toByteArray();
    }
}
