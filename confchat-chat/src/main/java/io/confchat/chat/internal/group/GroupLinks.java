package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupChange;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupInvitation;
import io.confchat.api.chat.GroupMessage;
import java.util.concurrent.CompletableFuture;

/**
 * What the group code needs from the login that owns it: the pairwise channels to other members,
 * and the one place where a received message is de-duplicated, shown and saved. Implemented by the
 * login; called without any lock of the group code held.
 */
public interface GroupLinks {

    /**
     * Sends a group envelope over the live session with {@code peer} if one is up.
     *
     * @return true when a live session took it
     */
    boolean sendLive(String peer, byte[] envelope);

    /**
     * Sends a group envelope live to the member {@code peer} (whose identity key the membership
     * names): over the session if one is up, else over a session dialed now if its presence says it
     * is online.
     *
     * @return true when a live session took it; false when the member is offline or unreachable
     */
    CompletableFuture<Boolean> reach(String peer, byte[] identityKey, byte[] envelope);

    /**
     * Sends a control envelope to the member {@code peer}, whose identity key the membership names:
     * live if it is online (as {@link #reach}); unless the member answers with a control receipt
     * ({@link #controlTaken}) within the acknowledgement timeout, into its inbox (put again until it
     * is acknowledged), so that it arrives even if the session drops. Nothing is sent when the name
     * no longer resolves to {@code identityKey}.
     *
     * @param forInbox the same item for the inbox, which may name what {@code envelope} carries
     *     (a chain hand-over naming the membership record: the inbox is a quota, a session is not)
     * @param id the envelopes' control id
     * @return completes when the member took it live or its inbox holds it; fails when neither
     */
    CompletableFuture<Void> sendControl(String peer, byte[] identityKey, byte[] envelope, byte[] forInbox, byte[] id);

    /**
     * Whether {@code username} is {@code identityKey}'s, by the rules of 1:1 chats: the key pinned
     * for the name if there is one, else the name's resolution (replica votes), which must not
     * contradict a pin. A membership record's new bindings are checked with it before the record
     * is accepted ({@code MemberNames}).
     *
     * @return completes with the outcome; may fail when the lookup fails (taken as unresolved)
     */
    CompletableFuture<NameBinding> binding(String username, byte[] identityKey);

    /**
     * Whether this user knows the user with {@code identityKey}: it is in this user's chat list (as
     * loaded at login) with that key pinned. Bounds how many invitations a stranger gets held; no I/O.
     */
    boolean knows(byte[] identityKey);

    /** A member's receipt for the control item {@code id} sent live. */
    void controlTaken(byte[] id);

    /**
     * Shows a received group message once (keyed by {@code senderKey} and its id): the listeners,
     * the open group conversation, the history, the unread count.
     *
     * @return false when it was shown before (nothing done)
     */
    boolean show(GroupMessage message, byte[] senderKey);

    /** A message this user sent: into the open group conversation and the history. */
    void sent(GroupMessage message);

    /**
     * Remembers a group's state (its keys, see {@code GroupSnapshots}) on this device, durably when
     * this returns, in place of the one before; an empty state forgets the group.
     */
    void keep(io.confchat.api.chat.GroupId group, byte[] state);

    /**
     * Remembers where one chain of a kept group stands (an encoded {@code KeptChainPosition}) on
     * this device, durably when this returns, in place of that chain's position kept before; the
     * group's state kept last stays, and the next {@link #keep} of the group replaces both. A
     * position of a group not kept is dropped.
     */
    void keepPosition(io.confchat.api.chat.GroupId group, byte[] chainId, byte[] position);

    /**
     * Remembers a chain a kept group took (an encoded {@code KeptReceivingChain}) on this device,
     * durably when this returns, after the group's state kept last and the chains taken since (and
     * in place of a position of that chain kept before); the next {@link #keep} of the group
     * replaces them all. A chain of a group not kept is dropped.
     */
    void keepChain(io.confchat.api.chat.GroupId group, byte[] chainId, byte[] chain);

    void invited(GroupInvitation invitation);

    void changed(GroupChange change);

    void delivered(GroupDelivery delivery);
}
