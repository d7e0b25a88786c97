package io.confchat.chat.internal.group;

/** What {@link MembershipChain} decided about a membership record. */
enum MembershipCheck {
    /** The next link: the chain's head now. */
    ACCEPTED,
    /** An epoch at or below the head's, the head itself included: a replay, or old news. */
    STALE,
    /**
     * More than one epoch ahead, signed by its signer, a member of the head's epoch: fetch the
     * epochs in between and apply them in order first.
     */
    GAP,
    /** Another state for the head's own epoch: two admins changed the group at once. Kept out. */
    FORK,
    /** Another group's record, or a group of another creator under the same id. */
    WRONG_GROUP,
    /** The next epoch, but it names another state as its previous one. */
    BROKEN_LINK,
    /** Signed by someone who may not make this change: not an admin of the previous epoch (and
     * not a member only removing itself), or at epoch 0 not the creator. */
    NOT_AUTHORIZED,
    /** The signature does not verify with the signer the state names. */
    BAD_SIGNATURE,
    /**
     * The next link, but it gives an identity key a username that is not that key's (by the pin or
     * the name's resolution), or renames a member: refused, so no member shows a message under
     * another user's name.
     */
    UNVERIFIED_NAME,
    /** A creation record (epoch 0) that is not one: for a chain's first record only. */
    MALFORMED
}
