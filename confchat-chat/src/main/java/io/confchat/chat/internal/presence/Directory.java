package io.confchat.chat.internal.presence;

import io.confchat.api.Dht;
import io.confchat.api.SignedRecord;
import io.confchat.chat.internal.proto.DirectoryEntry;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The list of every user (docs/architecture.md#presence-and-the-user-list): Kademlia cannot enumerate keys, so each user lists
 * itself in one of 16 directory shards; listing reads the 16 in parallel. A name listed by two
 * owners (a registration race) keeps the smaller key, like {@code Accounts.lookup}.
 */
public final class Directory {
    private final Dht dht;

    public Directory(Dht dht) {
        this.dht = dht;
    }

    /** Every listed user with the identity key of the listing, sorted by username. */
    public CompletableFuture<List<Listing>> list() {
        List<CompletableFuture<List<SignedRecord>>> shards = new ArrayList<>();
        for (var shard : RecordKeys.directoryShards()) {
            shards.add(dht.get(shard));
        }
        return CompletableFuture.allOf(shards.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, Listing> byName = new TreeMap<>();
            for (CompletableFuture<List<SignedRecord>> shard : shards) {
                for (SignedRecord r : shard.join()) {
                    Optional<DirectoryEntry> entry = Payloads.directoryEntry(r);
                    if (entry.isEmpty()) {
                        continue;
                    }
                    Listing listing = new Listing(entry.get().getUsername(), r.ownerPublicKey());
                    byName.merge(listing.username(), listing, Directory::smallerKey);
                }
            }
            return List.copyOf(byName.values());
        });
    }

    private static Listing smallerKey(Listing a, Listing b) {
        return Arrays.compareUnsigned(a.identityKey(), b.identityKey()) <= 0 ? a : b;
    }

    /** One listed user. */
    public record Listing(String username, byte[] identityKey) {}
}
