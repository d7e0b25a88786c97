package io.confchat.chat.internal.presence;

import com.google.protobuf.ByteString;
import io.confchat.api.NodeId;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.Presence;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.proto.Endpoint;
import io.confchat.chat.internal.proto.PresenceRecord;
import io.confchat.chat.internal.proto.Status;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.chat.internal.session.SessionEndpoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Builds presence records and maps their status to and from the API's. */
final class PresenceRecords {
    private PresenceRecords() {}

    /** A presence record of {@code account}; {@code seq} must grow with every record. */
    static SignedRecord build(
            Account account,
            Presence.Status status,
            List<SessionEndpoint> endpoints,
            byte[] sessionKey,
            Instant issuedAt,
            long seq,
            Duration ttl) {
        PresenceRecord.Builder p = PresenceRecord.newBuilder()
                .setUsername(account.username())
                .setStatus(toWire(status))
                .setSessionKey(ByteString.copyFrom(sessionKey))
                .setIssuedAtMillis(issuedAt.toEpochMilli());
        for (SessionEndpoint e : endpoints) {
            p.addEndpoints(toWire(e));
        }
        return account.signer()
                .sign(
                        RecordKeys.presence(account.identity().publicKey()),
                        RecordTypes.PRESENCE,
                        new byte[0],
                        seq,
                        ttl.toSeconds(),
                        p.build().toByteArray());
    }

    static Endpoint toWire(SessionEndpoint e) {
        if (e instanceof SessionEndpoint.Relayed r) {
            return Endpoint.newBuilder()
                    .setHost(r.relay().getAddress().getHostAddress())
                    .setPort(r.relay().getPort())
                    .setRelayedNode(ByteString.copyFrom(r.node().bytes()))
                    .build();
        }
        InetSocketAddress a = ((SessionEndpoint.Direct) e).address();
        return Endpoint.newBuilder()
                .setHost(a.getAddress().getHostAddress())
                .setPort(a.getPort())
                .build();
    }

    /** An endpoint a reader checked ({@code Payloads.presence}): an IP literal, no lookup. */
    static SessionEndpoint fromWire(Endpoint e) {
        InetSocketAddress address = new InetSocketAddress(e.getHost(), e.getPort());
        return e.getRelayedNode().isEmpty()
                ? new SessionEndpoint.Direct(address)
                : new SessionEndpoint.Relayed(
                        address, NodeId.of(e.getRelayedNode().toByteArray()));
    }

    static Status toWire(Presence.Status status) {
        switch (status) {
            case ONLINE:
                return Status.STATUS_ONLINE;
            case AWAY:
                return Status.STATUS_AWAY;
            default:
                return Status.STATUS_OFFLINE;
        }
    }

    static Presence.Status fromWire(Status status) {
        switch (status) {
            case STATUS_ONLINE:
                return Presence.Status.ONLINE;
            case STATUS_AWAY:
                return Presence.Status.AWAY;
            default:
                return Presence.Status.OFFLINE;
        }
    }
}
