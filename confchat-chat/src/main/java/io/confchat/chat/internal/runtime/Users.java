package io.confchat.chat.internal.runtime;

import io.confchat.api.chat.NameConflict;
import io.confchat.api.chat.NameContestedException;
import io.confchat.api.chat.NameUnconfirmedException;
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
 * contested name is reported to the application once per claimant ({@link NameConflict}); a tied
 * one fails with {@link NameContestedException}, one that could not be confirmed now with {@link
 * NameUnconfirmedException}: neither is "no such user". Thread-safe.
 */
public final class Users {
    private final NameResolver resolver;
    private final ChatEvents events;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public Users(NameResolver resolver, ChatEvents events) {
        this.resolver = resolver;
        this.events = events;
    }

    /**
     * The keys of the user the majority of the name's replicas returns; empty when replicas
     * answered and none holds the name. Fails with {@link NameContestedException} when two owners
     * have as many votes, with {@link NameUnconfirmedException} when too few replicas answered or
     * vouch for the leading owner.
     */
    public CompletableFuture<Optional<UserKeys>> lookup(String username) {
        return resolve(username).thenApply(r -> switch (r.status()) {
            case OWNED -> r.owner();
            case NOT_REGISTERED -> Optional.empty();
            case UNCONFIRMED -> throw unconfirmed(username, r);
            case TIED ->
                throw new NameContestedException("the username '" + username + "' is claimed by two accounts,"
                        + " each returned by " + r.votes() + " of the nodes holding it, so neither is used."
                        + " This settles when one prevails (after a network split heals); until then, reach "
                        + username + " another way");
        });
    }

    /** The failure for a name whose owner {@code r} could not confirm, saying why in numbers. */
    static NameUnconfirmedException unconfirmed(String username, Resolution r) {
        String why = r.answered() == 0
                ? "none of the nodes holding the name answered"
                : r.votes() + " of the " + r.answered() + " nodes that answered for the name hold its record, "
                        + r.votesNeeded() + " must";
        return new NameUnconfirmedException(
                "could not confirm the user '" + username + "' right now (" + why + "); try again");
    }

    /** Every owner the name's replicas return, with their votes; a contested name is reported. */
    public CompletableFuture<Resolution> resolve(String username) {
        return resolver.resolve(username).thenApply(r -> {
            if (r.isContested()) {
                report(username, r);
            }
            return r;
        });
    }

    private void report(String username, Resolution r) {
        Resolution.Rival strongest = r.isTied() ? r.others().get(1) : r.others().get(0);
        UserKeys leading = r.isTied() ? r.others().get(0).keys() : r.owner().orElseThrow();
        String other = fingerprint(strongest.keys().identityKey());
        if (reported.add(username + "/" + other)) {
            NameConflict conflict =
                    new NameConflict(username, fingerprint(leading.identityKey()), r.votes(), other, strongest.votes());
            events.emit(l -> l.onNameConflict(conflict));
        }
    }

    private static String fingerprint(byte[] key) {
        return HexFormat.of().formatHex(key, 0, 8);
    }
}
