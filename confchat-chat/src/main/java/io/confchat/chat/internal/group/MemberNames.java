package io.confchat.chat.internal.group;

import io.confchat.api.chat.NameContestedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usernames a membership record gives its members' identity keys, verified before the record
 * is accepted: an admin signs the whole membership, so without this it could name any key after
 * any user, and every member would show that key's messages under that name. A binding a member
 * does not hold yet (a new member, or the members of a group it is invited to) must match, by the
 * rules of 1:1 chats ({@link GroupLinks#binding}: the pin, else the name's resolution); a key
 * given another name than the one held is refused outright. Verified bindings are remembered for
 * the login (one resolution per new member); a refused one is not asked again for {@link
 * #RETRY_AFTER} ({@link #RETRY_UNCONFIRMED_AFTER} when it could not be confirmed), so a record
 * sent again and again costs no lookup. Thread-safe.
 */
final class MemberNames {
    private static final Logger log = LoggerFactory.getLogger(MemberNames.class);
    /** How long a refused binding is refused without asking again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    /**
     * How long a name that could not be confirmed is not asked again: shorter than the inbox's poll
     * (30 s), which brings the untaken item again, so every poll asks once more (a burst of the
     * same record from many members still costs one lookup).
     */
    static final Duration RETRY_UNCONFIRMED_AFTER = Duration.ofSeconds(10);
    /** At most this many bindings are remembered; past it, the memory starts over. */
    static final int MAX_REMEMBERED = 10_000;

    /** How a binding is asked: {@link GroupLinks#binding}. */
    interface Ask {
        CompletableFuture<NameBinding> binding(String username, byte[] identityKey);
    }

    private final Ask links;
    private final LongSupplier nowMillis;
    private final Set<String> vouched = ConcurrentHashMap.newKeySet();
    private final Map<String, Refusal> refused = new ConcurrentHashMap<>();

    /** @param self this user's own binding, its username and identity key (never asked) */
    MemberNames(Ask links, String selfName, byte[] selfKey, LongSupplier nowMillis) {
        this.links = links;
        this.nowMillis = nowMillis;
        vouched(selfName, selfKey);
    }

    /** A binding this user checked itself (a user it resolved, with the pin, to invite). */
    void vouched(String username, byte[] identityKey) {
        if (vouched.size() >= MAX_REMEMBERED) {
            vouched.clear();
        }
        vouched.add(binding(username, identityKey));
    }

    /**
     * Verifies the bindings of {@code next} that {@code held} (the state it would follow; empty
     * for an invitation, whose every member is new) does not have; never fails.
     *
     * @return {@link NameBinding#MATCHES} when all match, else the first refusal's reason
     */
    CompletableFuture<NameBinding> verify(Optional<GroupState> held, GroupState next) {
        List<CompletableFuture<NameBinding>> each = new ArrayList<>();
        for (GroupMember m : next.members()) {
            NameBinding known = known(held, m);
            if (known != null) {
                each.add(CompletableFuture.completedFuture(known));
            } else {
                each.add(ask(m));
            }
        }
        return firstRefusal(each);
    }

    /** {@link NameBinding#MATCHES} when all of {@code each} match, else the first refusal's reason. */
    static CompletableFuture<NameBinding> firstRefusal(List<CompletableFuture<NameBinding>> each) {
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(x -> each.stream()
                        .map(CompletableFuture::join)
                        .filter(b -> b != NameBinding.MATCHES)
                        .findFirst()
                        .orElse(NameBinding.MATCHES));
    }

    /**
     * True when every binding of {@code next} is {@code held}'s or was verified ({@link #verify});
     * no I/O, for use under the groups' lock just before a record is applied.
     */
    boolean allVerified(GroupState held, GroupState next) {
        return next.members().stream().allMatch(m -> known(Optional.of(held), m) == NameBinding.MATCHES);
    }

    /** MATCHES when held or vouched, OTHER_NAME for a renamed key, null when it must be asked. */
    private NameBinding known(Optional<GroupState> held, GroupMember m) {
        Optional<GroupMember> before = held.flatMap(s -> s.member(m.identityKey()));
        if (before.isPresent()) {
            return before.get().username().equals(m.username()) ? NameBinding.MATCHES : NameBinding.OTHER_NAME;
        }
        return vouched.contains(binding(m.username(), m.identityKey())) ? NameBinding.MATCHES : null;
    }

    private CompletableFuture<NameBinding> ask(GroupMember m) {
        String b = binding(m.username(), m.identityKey());
        Refusal r = refused.get(b);
        long now = nowMillis.getAsLong();
        Duration wait = r != null && r.reason() == NameBinding.UNCONFIRMED ? RETRY_UNCONFIRMED_AFTER : RETRY_AFTER;
        if (r != null && now - r.atMillis() < wait.toMillis()) {
            return CompletableFuture.completedFuture(r.reason());
        }
        return CompletableFuture.completedFuture(null)
                .thenCompose(x -> links.binding(m.username(), m.identityKey()))
                .exceptionally(error -> {
                    NameBinding outcome = failed(error);
                    log.debug("the binding of {} not checked ({}): {}", m.username(), outcome, error.toString());
                    return outcome;
                })
                .thenApply(outcome -> {
                    if (outcome == NameBinding.MATCHES) {
                        refused.remove(b);
                        vouched(m.username(), m.identityKey());
                    } else {
                        log.debug("the binding of {} refused: {}", m.username(), outcome);
                        if (refused.size() >= MAX_REMEMBERED) {
                            refused.clear();
                        }
                        refused.put(b, new Refusal(outcome, now));
                    }
                    return outcome;
                });
    }

    /**
     * UNRESOLVED for a name contested by two owners with as many votes; UNCONFIRMED for any other
     * failure: a lookup that failed (timed out, no replica heard) says nothing about the name.
     */
    private static NameBinding failed(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof NameContestedException ? NameBinding.UNRESOLVED : NameBinding.UNCONFIRMED;
    }

    private static String binding(String username, byte[] identityKey) {
        return username + "/" + HexFormat.of().formatHex(identityKey);
    }

    private record Refusal(NameBinding reason, long atMillis) {}
}
