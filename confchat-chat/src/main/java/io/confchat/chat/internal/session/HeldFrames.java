package io.confchat.chat.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The frames a responder holds while it checks the dialer's user record: delivered in order once
 * the dialer passed, dropped if it did not, and at most {@value #MAX} of them. Event loop only.
 */
final class HeldFrames {
    /** Most frames held. */
    static final int MAX = 1024;

    private final List<Frame> frames = new ArrayList<>();

    /** Holds {@code frame}; false (and not held) when {@value #MAX} are held already. */
    boolean hold(Frame frame) {
        if (frames.size() >= MAX) {
            return false;
        }
        frames.add(frame);
        return true;
    }

    /** Hands every frame held to {@code handler}, in order, and forgets them. */
    void release(Consumer<Frame> handler) {
        frames.forEach(handler);
        frames.clear();
    }

    /** Forgets every frame held. */
    void drop() {
        frames.clear();
    }
}
