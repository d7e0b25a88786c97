package io.confchat.chat.internal.login;

import io.confchat.api.chat.PeerKeyChangedException;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.history.ChatListStore;
import io.confchat.chat.internal.history.PinCheck;
import io.confchat.chat.internal.runtime.ChatEvents;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity key pinned for each peer at first contact (kept in the chat list), enforced: a
 * peer whose name now resolves to another key is not dialed, not sealed for, not accepted as a
 * dialer and not shown from the inbox until the application accepts the new key ({@link
 * #accept}). The application hears of a change once per peer and login. Thread-safe.
 */
final class Pins {
    private final ChatListStore store;
    private final Account me;
    private final ChatEvents events;
    private final Map<String, byte[]> pinned = new ConcurrentHashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    /** The peers of the chat list as loaded at login, with their pinned keys (hex). */
    private final Set<String> listed = ConcurrentHashMap.newKeySet();

    Pins(ChatListStore store, Account me, ChatEvents events) {
        this.store = store;
        this.me = me;
        this.events = events;
    }

    /** Loads the pins of the chat list (at login); a peer first met later is pinned then. */
    CompletableFuture<Void> load() {
        return store.read(me).handle((entries, error) -> {
            if (entries != null) {
                entries.forEach((peer, e) -> {
                    pinned.putIfAbsent(peer, e.getPinnedIdentityKey().toByteArray());
                    listed.add(java.util.HexFormat.of()
                            .formatHex(e.getPinnedIdentityKey().toByteArray()));
                });
            }
            return null;
        });
    }

    /** True when the chat list loaded at login has a peer with {@code identityKey} pinned. */
    boolean listed(byte[] identityKey) {
        return listed.contains(java.util.HexFormat.of().formatHex(identityKey));
    }

    /** The identity key pinned for {@code username}, if any. */
    java.util.Optional<byte[]> pinned(String username) {
        return java.util.Optional.ofNullable(pinned.get(username)).map(byte[]::clone);
    }

    /** How {@code peer}'s current keys compare with its pin; a changed key is reported (once). */
    PinCheck check(UserKeys peer) {
        byte[] pin = pinned.get(peer.username());
        if (pin == null) {
            return PinCheck.PINNED_NOW;
        }
        if (peer.hasIdentity(pin)) {
            return PinCheck.SAME;
        }
        if (reported.add(peer.username())) {
            events.emit(l -> l.onPeerKeyChanged(peer.username()));
        }
        return PinCheck.CHANGED;
    }

    /** True when {@code peer}'s keys may be used: its pin, or no pin yet (it is pinned now). */
    boolean trusted(UserKeys peer) {
        PinCheck check = check(peer);
        if (check == PinCheck.PINNED_NOW) {
            pinned.putIfAbsent(peer.username(), peer.identityKey().clone());
        }
        return check != PinCheck.CHANGED;
    }

    /** Fails with {@link PeerKeyChangedException} unless {@link #trusted}. */
    void require(UserKeys peer) {
        if (!trusted(peer)) {
            throw new PeerKeyChangedException(peer.username() + "'s identity key is not the one pinned at first"
                    + " contact: the account may have been re-created, or someone impersonates it. Check with "
                    + peer.username() + " by other means, then accept the new key");
        }
    }

    /** Pins {@code peer}'s current key in place of the old one. */
    CompletableFuture<Void> accept(UserKeys peer, Instant now) {
        pinned.put(peer.username(), peer.identityKey().clone());
        reported.remove(peer.username());
        return store.pin(me, peer, now).thenApply(x -> null);
    }
}
