package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupId;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Live messages that came before their chain was taken (docs/architecture.md#group-chats,
 * "Delivery and catch-up"): at a removal the admin's next message reaches a member live while the admin's new
 * chain still waits behind the membership change it came with; dropped, the message could only
 * come from the DHT, where its copy may not be yet. Held here, per group, and given back in
 * iteration order once the chain is taken ({@link #taken}); a copy the DHT brings too shows once
 * (the chain's seen ids). Only a message signed by its chain is held, and only a chain handed over
 * by its owner opens it, so whatever never gets its chain is dropped: at the bounds (per group at
 * most {@value #MAX_MESSAGES} messages and {@value #MAX_BYTES} bytes, at most {@value
 * #MAX_PER_PEER} of them from one peer, so one member cannot crowd out the others') or after
 * {@link #KEPT_FOR} on this login's clock (never given back then; its memory goes at the group's
 * next hold or take). One copy per chain and iteration. Thread-safe.
 */
final class BeforeTheirChains {
    /** The most messages held for one group. */
    static final int MAX_MESSAGES = 64;
    /** The most messages held for one group that came from one peer. */
    static final int MAX_PER_PEER = 16;
    /** The most bytes (ciphertexts and signatures) held for one group. */
    static final int MAX_BYTES = 256 * 1024;
    /** How long a message waits for its chain; it is dropped after. */
    static final Duration KEPT_FOR = Duration.ofMinutes(2);

    /** What became of a message offered to {@link #hold}. */
    enum Outcome {
        /** Held until its chain is taken (or {@link #KEPT_FOR} passes). */
        HELD,
        /** A copy of a message held (same chain and iteration): dropped. */
        COPY,
        /** Over a bound: dropped (its chain's read from the DHT may still bring it). */
        FULL,
        /** Not signed by its chain: it can never open, dropped. */
        FORGED
    }

    /** A message given back once its chain was taken, and the peer it came from (for the receipt). */
    record Early(String peer, SealedGroupMessage message) {}

    private record Held(String peer, SealedGroupMessage message, long untilMillis) {
        int bytes() {
            return message.ciphertext().length + message.signature().length;
        }

        boolean sameAs(SealedGroupMessage other) {
            return message.iteration() == other.iteration() && Arrays.equals(message.chainId(), other.chainId());
        }
    }

    private final Scheduler clock;
    private final Map<GroupId, List<Held>> byGroup = new HashMap<>();

    BeforeTheirChains(Scheduler clock) {
        this.clock = clock;
    }

    /** Holds {@code m}, a live message of {@code group} whose chain is not held, from {@code peer}. */
    Outcome hold(GroupId group, String peer, SealedGroupMessage m) {
        if (!m.isSignedByItsChain()) { // checked outside the lock
            return Outcome.FORGED;
        }
        return signed(group, peer, m);
    }

    private synchronized Outcome signed(GroupId group, String peer, SealedGroupMessage m) {
        long now = clock.now().toEpochMilli();
        List<Held> held = byGroup.computeIfAbsent(group, g -> new ArrayList<>());
        held.removeIf(h -> h.untilMillis() < now);
        if (held.stream().anyMatch(h -> h.sameAs(m))) {
            return Outcome.COPY;
        }
        Held candidate = new Held(peer, m, now + KEPT_FOR.toMillis());
        long fromPeer = held.stream().filter(h -> h.peer().equals(peer)).count();
        int bytes = held.stream().mapToInt(Held::bytes).sum();
        if (held.size() >= MAX_MESSAGES || fromPeer >= MAX_PER_PEER || bytes + candidate.bytes() > MAX_BYTES) {
            dropIfEmpty(group, held);
            return Outcome.FULL;
        }
        held.add(candidate);
        return Outcome.HELD;
    }

    /**
     * The chain {@code chainId} of {@code group} was taken: the messages held for it that did not
     * wait too long, in iteration order; none of them is held any more.
     */
    synchronized List<Early> taken(GroupId group, byte[] chainId) {
        List<Held> held = byGroup.get(group);
        if (held == null) {
            return List.of();
        }
        long now = clock.now().toEpochMilli();
        List<Held> ofChain = new ArrayList<>();
        held.removeIf(h -> {
            boolean mine = Arrays.equals(h.message().chainId(), chainId);
            if (mine) {
                ofChain.add(h);
            }
            return mine || h.untilMillis() < now;
        });
        dropIfEmpty(group, held);
        return ofChain.stream()
                .filter(h -> h.untilMillis() >= now)
                .sorted(Comparator.comparingInt(h -> h.message().iteration()))
                .map(h -> new Early(h.peer(), h.message()))
                .toList();
    }

    /** How many messages are held for {@code group} now (tests and diagnostics). */
    synchronized int heldFor(GroupId group) {
        List<Held> held = byGroup.get(group);
        return held == null ? 0 : held.size();
    }

    private void dropIfEmpty(GroupId group, List<Held> held) {
        if (held.isEmpty()) {
            byGroup.remove(group);
        }
    }
}
