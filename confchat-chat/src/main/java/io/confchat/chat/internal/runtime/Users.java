package io.confchat.chat.internal.runtime;

import io.confchat.api.chat.NameConflict;
import io.confchat.chat.internal.account.NameResolver;
import io.confchat.chat.internal.account.Resolution;
import io.confchat.chat.internal.account.UserKeys;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who a username belongs to, for everything a client does with other users (opening a chat,
 * checking a dialer, checking an inbox sender): the {@link NameResolver}'s majority owner. A
 * contested name is reported to the application once per claimant ({@link NameConflict}).
 * Thread-safe.
 */
public final class Users {
    private final NameResolver resolver;
    private final ChatEvents events;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public Users(NameResolver resolver, ChatEvents events) {
        this.resolver = resolver;
        this.events = events;
    }

    /** The keys of the user the majority of the name's replicas returns; empty for nobody. */
    public CompletableFuture<Optional<UserKeys>> lookup(String username) {
        return resolver.resolve(username).thenApply(r -> {
            if (r.isContested()) {
                report(username, r);
            }
            return r.owner();
        });
    }

    private void report(String username, Resolution r) {
        Resolution.Rival strongest = r.others().get(0);
        String chosen = fingerprint(r.owner().orElseThrow().identityKey());
        String other = fingerprint(strongest.keys().identityKey());
        if (reported.add(username + "/" + other)) {
            NameConflict conflict = new NameConflict(username, chosen, r.votes(), other, strongest.votes());
            events.emit(l -> l.onNameConflict(conflict));
        }
    }

    private static String fingerprint(byte[] key) {
        return HexFormat.of().formatHex(key, 0, 8);
    }
}
