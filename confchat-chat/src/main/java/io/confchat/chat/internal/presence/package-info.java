/**
 * Who is online (docs/architecture.md#presence-and-the-user-list): each logged-in client keeps a
 * short-lived signed presence record alive ({@link
 * io.confchat.chat.internal.presence.PresencePublisher}); readers take the newest one ({@link
 * io.confchat.chat.internal.presence.PresenceReader}). The user list (in the runtime) reads it for
 * the people a user knows or finds in the directory.
 */
package io.confchat.chat.internal.presence;
