package io.confchat.chat.internal.session;

import java.util.Arrays;

/**
 * Which of two open sessions with one peer stays, and whether the kept one is a move of the other
 * (no new chat request). The rules, in order: a direct session beats a relayed one whoever dialed
 * them; a newer session dialed by the same side as the open one (a redial, a hole punch) replaces
 * it; of two sessions dialed by the two sides at once, the one dialed by the smaller identity key
 * stays. Both sides apply the same rules to the same pair and so keep the same session.
 *
 * @param kept the session that stays
 * @param dropped the session that goes, or null when there was nothing to replace
 * @param moved true when the kept session replaced one of its own kind (same dialer, or another
 *     path): a move, not a second conversation
 */
record SessionChoice(SessionHandler kept, SessionHandler dropped, boolean moved) {

    /**
     * Chooses between {@code existing} (the open session, or null) and {@code fresh} (just
     * established), seen from the side whose identity key is {@code myIdentityKey}.
     */
    static SessionChoice between(SessionHandler existing, SessionHandler fresh, byte[] myIdentityKey) {
        if (existing == null || !existing.isOpen() || existing == fresh) {
            return new SessionChoice(fresh, null, false);
        }
        boolean sameDialer = existing.isInitiator() == fresh.isInitiator();
        boolean otherPath = existing.isRelayed() != fresh.isRelayed();
        SessionHandler kept;
        if (otherPath) {
            kept = existing.isRelayed() ? fresh : existing;
        } else {
            int order = Arrays.compareUnsigned(dialerKey(existing, myIdentityKey), dialerKey(fresh, myIdentityKey));
            kept = sameDialer || order > 0 ? fresh : existing;
        }
        boolean moved = kept == fresh && (sameDialer || otherPath);
        return new SessionChoice(kept, kept == existing ? fresh : existing, moved);
    }

    private static byte[] dialerKey(LiveSession s, byte[] myIdentityKey) {
        return s.isInitiator() ? myIdentityKey : s.peerIdentityKey();
    }
}
