package io.confchat.chat.internal.group;

import java.time.Duration;

/**
 * A pause before something that keeps failing is tried again: {@link #FIRST} after the first
 * failure, then twice the pause before, at most {@link #LONGEST}. Used where a group's key backup
 * write keeps failing ({@link GroupBackups}) and where a group's backup could not be read ({@link
 * UnheldGroups}). Immutable.
 *
 * @param failures how many tries in a row failed
 * @param notBeforeMillis when the next try may start
 */
record RetryPause(int failures, long notBeforeMillis) {
    static final Duration FIRST = Duration.ofSeconds(30);
    static final Duration LONGEST = Duration.ofMinutes(16);

    /** The pause after a first failure at {@code nowMillis}. */
    static RetryPause first(long nowMillis) {
        return new RetryPause(1, nowMillis + FIRST.toMillis());
    }

    /** The pause after one more failure at {@code nowMillis}: twice the one before, at most {@link #LONGEST}. */
    RetryPause next(long nowMillis) {
        long pause = Math.min(FIRST.toMillis() << Math.min(failures, 20), LONGEST.toMillis());
        return new RetryPause(failures + 1, nowMillis + pause);
    }

    /** Whether the pause is over at {@code nowMillis}. */
    boolean isOver(long nowMillis) {
        return nowMillis >= notBeforeMillis;
    }
}
