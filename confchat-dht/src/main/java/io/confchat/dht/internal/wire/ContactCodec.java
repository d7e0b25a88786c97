package io.confchat.dht.internal.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.api.ProtocolViolationException;
import io.confchat.dht.internal.wire.proto.Endpoint;
import io.confchat.dht.internal.wire.proto.NodeContact;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contacts of {@code Nodes} and {@code Values} replies: each an encoded {@code NodeContact}
 * carried as {@code bytes} (the same bytes on the wire as an embedded message). A node answers
 * every FIND_NODE and FIND_VALUE with k contacts of its routing table, which changes far more
 * slowly than it is asked, so the encoding of a contact is kept and reused (bounded: emptied when
 * full); a requester decodes each contact straight into a {@link Contact}, without building
 * protobuf messages and builders for it (they were most of the bytes a get allocated), and keeps
 * the contacts it decoded by their exact bytes (bounded the same way): the same contacts come back
 * in reply after reply, and a contact is a pure function of its bytes, so the one decoded before is
 * the one these bytes decode to (nothing else about a reply is taken from it).
 *
 * <p>Decoding follows protobuf's rules for a {@code NodeContact}: unknown fields are skipped, a
 * repeated field's last value wins (a repeated endpoint merges into the one before), and the
 * result must hold a 32-byte id, a 4- or 16-byte IP and a port in 1..65535. Any other input is a
 * {@link ProtocolViolationException}. Thread-safe.
 */
final class ContactCodec {
    /** Contacts whose encoding is remembered: a routing table's worth many times over. */
    static final int CAPACITY = 4096;

    private static final int ID = tag(NodeContact.ID_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int ENDPOINT = tag(NodeContact.ENDPOINT_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int IP = tag(Endpoint.IP_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int PORT = tag(Endpoint.PORT_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);

    private static final ConcurrentHashMap<Contact, ByteString> ENCODED = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<ByteString, Contact> DECODED = new ConcurrentHashMap<>();

    private ContactCodec() {}

    /** A field's tag: its number and wire type (protobuf's encoding). */
    private static int tag(int field, int wireType) {
        return field << 3 | wireType;
    }

    /** The encoded {@code NodeContact} of {@code c}: its id and endpoint. */
    static ByteString encode(Contact c) {
        ByteString known = ENCODED.get(c);
        if (known != null) {
            return known;
        }
        ByteString encoded = NodeContact.newBuilder()
                .setId(ByteString.copyFrom(c.id().bytes()))
                .setEndpoint(endpoint(c.address()))
                .build()
                .toByteString();
        if (ENCODED.size() >= CAPACITY) {
            ENCODED.clear();
        }
        ENCODED.put(c, encoded);
        return encoded;
    }

    static Endpoint endpoint(InetSocketAddress a) {
        return Endpoint.newBuilder()
                .setIp(ByteString.copyFrom(a.getAddress().getAddress()))
                .setPort(a.getPort())
                .build();
    }

    /**
     * Decodes one encoded {@code NodeContact} (see the class comment).
     *
     * @throws ProtocolViolationException if it is not one, or its fields are out of their limits
     */
    static Contact decode(ByteString encoded) {
        Contact known = DECODED.get(encoded);
        if (known != null) {
            return known;
        }
        Contact decoded = decodeFresh(encoded);
        if (DECODED.size() >= CAPACITY) {
            DECODED.clear();
        }
        DECODED.put(encoded, decoded);
        return decoded;
    }

    private static Contact decodeFresh(ByteString encoded) {
        byte[] id = null;
        byte[] ip = null;
        int port = 0;
        try {
            CodedInputStream in = encoded.newCodedInput();
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == ID) {
                    id = in.readByteArray();
                } else if (tag == ENDPOINT) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    for (int inner = in.readTag(); inner != 0; inner = in.readTag()) {
                        if (inner == IP) {
                            ip = in.readByteArray();
                        } else if (inner == PORT) {
                            port = in.readUInt32();
                        } else if (!in.skipField(inner)) {
                            throw new ProtocolViolationException("an endpoint ends with an end-group tag");
                        }
                    }
                    in.popLimit(limit);
                } else if (!in.skipField(tag)) {
                    throw new ProtocolViolationException("a contact ends with an end-group tag");
                }
            }
        } catch (IOException e) {
            throw new ProtocolViolationException("undecodable contact", e);
        }
        if (id == null || id.length != NodeId.LENGTH) {
            throw new ProtocolViolationException("contact id must be 32 bytes, got " + (id == null ? 0 : id.length));
        }
        return new Contact(NodeId.of(id), address(ip == null ? new byte[0] : ip, port));
    }

    /**
     * An endpoint's address.
     *
     * @throws ProtocolViolationException for an IP of other than 4 or 16 bytes, or a port outside 1..65535
     */
    static InetSocketAddress address(byte[] ip, int port) {
        if (ip.length != 4 && ip.length != 16) {
            throw new ProtocolViolationException("an IP address is 4 or 16 bytes, got " + ip.length);
        }
        if (port < 1 || port > 65535) {
            throw new ProtocolViolationException("port out of range: " + Integer.toUnsignedString(port));
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new ProtocolViolationException("bad IP address", e);
        }
    }
}
