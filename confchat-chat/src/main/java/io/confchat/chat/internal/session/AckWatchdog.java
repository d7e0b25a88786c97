package io.confchat.chat.internal.session;

import io.confchat.dht.time.Scheduler;
import java.time.Duration;

/**
 * Notices a peer that stopped acknowledging (power loss, a dropped route: nothing closes the
 * connection): every {@code period} it asks the tracker whether the same text is still the oldest
 * waiting, and if so runs {@code onStall} once and stops. Runs on the scheduler's thread.
 */
final class AckWatchdog {
    private final Scheduler scheduler;
    private final Duration period;
    private final AckTracker tracker;
    private final Runnable onStall;
    private Scheduler.Cancellable next = () -> {};
    private boolean stopped;

    AckWatchdog(Scheduler scheduler, Duration period, AckTracker tracker, Runnable onStall) {
        this.scheduler = scheduler;
        this.period = period;
        this.tracker = tracker;
        this.onStall = onStall;
    }

    synchronized void start() {
        if (stopped) {
            return;
        }
        next = scheduler.schedule(period, () -> {
            if (tracker.stalled()) {
                stop();
                onStall.run();
            } else {
                start();
            }
        });
    }

    synchronized void stop() {
        stopped = true;
        next.cancel();
    }
}
