package io.confchat.chat.internal.presence;

import com.google.protobuf.ByteString;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.Presence;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.proto.Endpoint;
import io.confchat.chat.internal.proto.PresenceRecord;
import io.confchat.chat.internal.proto.Status;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
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
            List<InetSocketAddress> endpoints,
            byte[] sessionKey,
            Instant issuedAt,
            long seq,
            Duration ttl) {
        PresenceRecord.Builder p = PresenceRecord.newBuilder()
                .setUsername(account.username())
                .setStatus(toWire(status))
                .setSessionKey(ByteString.copyFrom(sessionKey))
                .setIssuedAtMillis(issuedAt.toEpochMilli());
        for (InetSocketAddress e : endpoints) {
            p.addEndpoints(Endpoint.newBuilder()
                    .setHost(e.getAddress().getHostAddress())
                    .setPort(e.getPort()));
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
