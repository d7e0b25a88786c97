package io.confchat.chat.internal.runtime;

/**
 * Someone the logged-in user knows (a peer of the chat list) and the key pinned for them.
 *
 * @param identityKey the pinned identity key; not copied, treat as read-only
 */
public record KnownUser(String username, byte[] identityKey) {}
