package io.confchat.chat.internal.session;

/** How a dial ended: a session, or the reason none could be opened. */
public sealed interface DialResult {
    /** A session with the peer is up (possibly the peer's own simultaneous dial, which was kept). */
    record Connected(LiveSession session) implements DialResult {}

    /** No session: no endpoint answered, or none proved the peer's identity. */
    record Unreachable(String detail) implements DialResult {}
}
