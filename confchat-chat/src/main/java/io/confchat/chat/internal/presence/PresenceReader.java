package io.confchat.chat.internal.presence;

import io.confchat.api.Dht;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.Presence;
import io.confchat.chat.internal.proto.Endpoint;
import io.confchat.chat.internal.proto.PresenceRecord;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.session.SessionEndpoint;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a user's presence: the newest well-formed record the user signed. Storing nodes drop a
 * presence record when its ttl ends; a reader also treats as offline a record issued longer ago
 * than its ttl plus {@link #CLOCK_SLACK} (a node serving a stale copy cannot keep a crashed user
 * online). Thread-safe.
 */
public final class PresenceReader {
    /** Tolerated difference between the issuer's clock and ours. */
    static final Duration CLOCK_SLACK = Duration.ofMinutes(2);

    private final Dht dht;
    private final Scheduler clock;

    public PresenceReader(Dht dht, Scheduler clock) {
        this.dht = dht;
        this.clock = clock;
    }

    /** The presence of the user with this name and identity key. */
    public CompletableFuture<PeerPresence> read(String username, byte[] identityKey) {
        return dht.get(RecordKeys.presence(identityKey)).thenApply(records -> newest(username, identityKey, records));
    }

    private PeerPresence newest(String username, byte[] identityKey, List<SignedRecord> records) {
        SignedRecord best = null;
        PresenceRecord bestPayload = null;
        for (SignedRecord r : records) {
            if (!r.isOwnedBy(identityKey)) {
                continue;
            }
            Optional<PresenceRecord> p = Payloads.presence(r);
            if (p.isPresent()
                    && p.get().getUsername().equals(username)
                    && (best == null || Long.compareUnsigned(r.seq(), best.seq()) > 0)) {
                best = r;
                bestPayload = p.get();
            }
        }
        if (best == null) {
            return PeerPresence.offline(username);
        }
        Instant issued = Instant.ofEpochMilli(bestPayload.getIssuedAtMillis());
        Instant stale = issued.plusSeconds(best.ttlSeconds()).plus(CLOCK_SLACK);
        Presence.Status status = PresenceRecords.fromWire(bestPayload.getStatus());
        if (status == Presence.Status.OFFLINE || clock.now().isAfter(stale)) {
            return PeerPresence.offline(username, issued);
        }
        List<SessionEndpoint> endpoints = new ArrayList<>();
        for (Endpoint e : bestPayload.getEndpointsList()) {
            endpoints.add(PresenceRecords.fromWire(e));
        }
        return new PeerPresence(
                new Presence(username, status, Optional.of(issued)),
                List.copyOf(endpoints),
                bestPayload.getSessionKey().toByteArray());
    }
}
