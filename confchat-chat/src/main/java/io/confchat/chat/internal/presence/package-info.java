/**
 * Who is online (docs/architecture.md#presence-and-the-user-list): each logged-in client keeps a short-lived signed presence record
 * alive ({@link io.confchat.chat.internal.presence.PresencePublisher}); readers take the newest
 * one ({@link io.confchat.chat.internal.presence.PresenceReader}); the user list is the {@link
 * io.confchat.chat.internal.presence.Directory} plus each listed user's presence.
 */
package io.confchat.chat.internal.presence;
