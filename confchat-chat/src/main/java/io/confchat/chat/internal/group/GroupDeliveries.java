package io.confchat.chat.internal.group;

import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupMessage;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The group messages this login sent live and waits receipts for. A message's future completes
 * once every member it went to live answered with a receipt, or at the acknowledgement timeout:
 * members who answered are {@link DeliveryState#DELIVERED}, the others {@link DeliveryState#QUEUED}
 * (they fetch the DHT's copy at their next catch-up). Thread-safe.
 */
final class GroupDeliveries {
    private final Scheduler scheduler;
    private final Duration timeout;
    private final Map<String, Waiting> waiting = new HashMap<>();

    GroupDeliveries(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    /**
     * Starts waiting for the receipts of {@code message} ({@code chainId}, {@code iteration}) from
     * {@code members}; a member that cannot be reached live is settled QUEUED with {@link #queued}.
     */
    CompletableFuture<GroupDelivery> await(GroupMessage message, byte[] chainId, int iteration, List<String> members) {
        Waiting w = new Waiting(message, new HashMap<>(), new CompletableFuture<>());
        members.forEach(m -> w.awaited.put(m, Boolean.TRUE));
        String key = key(chainId, iteration);
        synchronized (this) {
            if (w.awaited.isEmpty()) {
                return CompletableFuture.completedFuture(new GroupDelivery(message, w.states));
            }
            waiting.put(key, w);
        }
        scheduler.schedule(timeout, () -> settle(key));
        return w.future;
    }

    /** A member could not be reached live: it catches the message up from the DHT. */
    void queued(byte[] chainId, int iteration, String member) {
        settleMember(chainId, iteration, member, DeliveryState.QUEUED);
    }

    /** A member's receipt. */
    void receipt(byte[] chainId, int iteration, String member) {
        settleMember(chainId, iteration, member, DeliveryState.DELIVERED);
    }

    private void settleMember(byte[] chainId, int iteration, String member, DeliveryState state) {
        String key = key(chainId, iteration);
        boolean done;
        synchronized (this) {
            Waiting w = waiting.get(key);
            if (w == null || w.awaited.remove(member) == null) {
                return;
            }
            w.states.put(member, state);
            done = w.awaited.isEmpty();
        }
        if (done) {
            settle(key);
        }
    }

    private void settle(String key) {
        Waiting w;
        synchronized (this) {
            w = waiting.remove(key);
            if (w == null) {
                return;
            }
            w.awaited.keySet().forEach(m -> w.states.put(m, DeliveryState.QUEUED));
        }
        w.future.complete(new GroupDelivery(w.message, w.states));
    }

    private static String key(byte[] chainId, int iteration) {
        return HexFormat.of().formatHex(chainId) + "/" + iteration;
    }

    private static final class Waiting {
        final GroupMessage message;
        final Map<String, DeliveryState> states;
        final Map<String, Boolean> awaited = new HashMap<>();
        final CompletableFuture<GroupDelivery> future;

        Waiting(GroupMessage message, Map<String, DeliveryState> states, CompletableFuture<GroupDelivery> future) {
            this.message = message;
            this.states = states;
            this.future = future;
        }
    }
}
