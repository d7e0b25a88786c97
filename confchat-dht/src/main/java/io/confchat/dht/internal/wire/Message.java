package io.confchat.dht.internal.wire;

import io.confchat.api.Contact;
import io.confchat.api.DhtKey;
import io.confchat.api.NodeId;
import io.confchat.api.RejectionReason;
import io.confchat.api.SignedRecord;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The bodies of DHT messages as domain values; {@link WireCodec} maps them to and from {@code
 * dht.proto}. Requests are {@link Ping}, {@link FindNode}, {@link FindValue} and {@link Store};
 * everything else answers one.
 */
public sealed interface Message {

    /** True for the four request types. */
    default boolean isRequest() {
        return this instanceof Ping || this instanceof FindNode || this instanceof FindValue || this instanceof Store;
    }

    /** Are you there, and who are you? */
    record Ping(byte[] nonce) implements Message {}

    /** Proof of identity over the PING's nonce, both ids and the requester's observed address. */
    record Pong(byte[] publicKey, byte[] signature, InetSocketAddress observed) implements Message {}

    /**
     * Which nodes do you know closest to {@code target}? {@code wantCertificate}: include your
     * {@link NodeCertificate} (the requester has not proven your id yet).
     */
    record FindNode(NodeId target, boolean wantCertificate) implements Message {
        /** A request without a certificate wanted. */
        public FindNode(NodeId target) {
            this(target, false);
        }
    }

    /**
     * Closest contacts and a write token for the requester's address; the responder's certificate
     * when asked for and available.
     */
    record Nodes(List<Contact> contacts, byte[] token, Optional<NodeCertificate> certificate) implements Message {
        /** A reply without a certificate. */
        public Nodes(List<Contact> contacts, byte[] token) {
            this(contacts, token, Optional.empty());
        }
    }

    /**
     * Which records do you hold under {@code key}, from {@code cursor} on (empty = from the
     * start)? {@code wantCertificate} as in {@link FindNode}.
     */
    record FindValue(DhtKey key, byte[] cursor, boolean wantCertificate) implements Message {
        /** A request without a certificate wanted. */
        public FindValue(DhtKey key, byte[] cursor) {
            this(key, cursor, false);
        }
    }

    /**
     * A page of records, the closest contacts, a token, the cursor of the next page (empty =
     * last), and the responder's certificate when asked for and available.
     */
    record Values(
            List<SignedRecord> records,
            List<Contact> contacts,
            byte[] token,
            byte[] nextCursor,
            Optional<NodeCertificate> certificate)
            implements Message {
        /** A page without a certificate. */
        public Values(List<SignedRecord> records, List<Contact> contacts, byte[] token, byte[] nextCursor) {
            this(records, contacts, token, nextCursor, Optional.empty());
        }
    }

    /**
     * Store {@code record}; {@code token} must have been issued to the sender's IP. {@code
     * expiresInSeconds} is the lifetime the record has left at a sender passing it on (0 = its
     * full ttl); the receiver keeps the shorter of the two.
     */
    record Store(byte[] token, SignedRecord record, long expiresInSeconds) implements Message {
        /** A publisher's STORE: the record lives its full ttl. */
        public Store(byte[] token, SignedRecord record) {
            this(token, record, 0);
        }
    }

    /** Outcome of a STORE: {@code refusal} is null when the record was stored. */
    record StoreResult(RejectionReason refusal, String detail) implements Message {
        public static StoreResult stored() {
            return new StoreResult(null, "");
        }

        public boolean isStored() {
            return refusal == null;
        }
    }

    /** The response did not fit in a datagram: ask again over TCP. */
    record Truncated() implements Message {}
}
