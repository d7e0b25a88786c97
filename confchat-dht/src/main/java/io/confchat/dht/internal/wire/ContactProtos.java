package io.confchat.dht.internal.wire;

import com.google.protobuf.ByteString;
import io.confchat.api.Contact;
import io.confchat.dht.internal.wire.proto.Endpoint;
import io.confchat.dht.internal.wire.proto.NodeContact;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code dht.proto} form of the contacts this process encodes again and again: a node answers
 * every FIND_NODE and FIND_VALUE with k contacts of its routing table, which changes far more
 * slowly than it is asked. Protobuf messages are immutable (and remember their encoded size), so
 * one message per contact serves every reply. Bounded: emptied when full. Thread-safe.
 */
final class ContactProtos {
    /** Contacts remembered: a routing table's worth many times over. */
    static final int CAPACITY = 4096;

    private static final ConcurrentHashMap<Contact, NodeContact> PROTOS = new ConcurrentHashMap<>();

    private ContactProtos() {}

    /** The message for {@code c}: its id and endpoint. */
    static NodeContact of(Contact c) {
        NodeContact known = PROTOS.get(c);
        if (known != null) {
            return known;
        }
        NodeContact p = NodeContact.newBuilder()
                .setId(ByteString.copyFrom(c.id().bytes()))
                .setEndpoint(endpoint(c.address()))
                .build();
        if (PROTOS.size() >= CAPACITY) {
            PROTOS.clear();
        }
        PROTOS.put(c, p);
        return p;
    }

    static Endpoint endpoint(InetSocketAddress a) {
        return Endpoint.newBuilder()
                .setIp(ByteString.copyFrom(a.getAddress().getAddress()))
                .setPort(a.getPort())
                .build();
    }
}
