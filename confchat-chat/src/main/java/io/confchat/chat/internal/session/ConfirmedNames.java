package io.confchat.chat.internal.session;

import io.confchat.chat.internal.account.UserKeys;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The users whose name this login confirmed lately (docs/architecture.md, "Who a name is"): a
 * dialer accepted after its name resolved to the key it presented (a session taken from here
 * renews nothing, nor does a dial: its keys may be held since long ago). An accepted session checks the dialer's name against the user record through the DHT
 * (a sensitive read of about 20 replicas); in a group of 100, members dial each other for every
 * control item and message, and each such session was one more read of the same names. A binding
 * confirmed here is used for {@link #FOR} and for at most {@link #MAX_NAMES} names (the oldest
 * confirmed goes first); it is only ever a shortcut for the same answer: a dialer presenting
 * another key than the one confirmed is resolved again, and the caller still checks the pin on
 * every session, so a key the pin contradicts is refused with or without it. Thread-safe.
 */
final class ConfirmedNames {
    /** How long a confirmed binding is used without resolving the name again. */
    static final Duration FOR = Duration.ofMinutes(10);
    /** The most names remembered. */
    static final int MAX_NAMES = 1_024;

    private record Confirmed(UserKeys keys, Instant at) {}

    private final Scheduler clock;
    /** By username, the least recently confirmed first. */
    private final LinkedHashMap<String, Confirmed> byName = new LinkedHashMap<>();

    ConfirmedNames(Scheduler clock) {
        this.clock = clock;
    }

    /** {@code keys} (resolved or dialed, pin checked) were confirmed now. */
    synchronized void confirmed(UserKeys keys) {
        byName.remove(keys.username()); // re-inserted last: the newest
        byName.put(keys.username(), new Confirmed(keys, clock.now()));
        Iterator<Map.Entry<String, Confirmed>> oldest = byName.entrySet().iterator();
        while (byName.size() > MAX_NAMES) {
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * The keys confirmed for {@code username} within {@link #FOR}, if they hold {@code identityKey};
     * empty otherwise (the name must be resolved).
     */
    synchronized Optional<UserKeys> of(String username, byte[] identityKey) {
        Confirmed c = byName.get(username);
        if (c == null) {
            return Optional.empty();
        }
        if (Duration.between(c.at(), clock.now()).compareTo(FOR) >= 0) {
            byName.remove(username);
            return Optional.empty();
        }
        return c.keys().hasIdentity(identityKey) ? Optional.of(c.keys()) : Optional.empty();
    }
}
