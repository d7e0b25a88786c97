package io.confchat.chat.internal.login;

import io.confchat.api.chat.ChatMessage;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.device.UnsavedHistory;
import io.confchat.chat.internal.history.HistoryStore;
import io.confchat.chat.internal.runtime.LoginSettings;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves one conversation to the history as it grows: every message sent or received is added
 * here; a save round writes whatever is waiting once a chunk's worth is, and a quiet
 * conversation is saved at the latest a flush interval after its oldest unsaved message. {@link
 * #flush} saves everything now (when a chat is left, a session ends, the user logs out). A
 * failed round is tried again after the retry delay; nothing leaves {@link UnsavedHistory} before
 * an index naming it is stored.
 *
 * <p>Rounds that fill chunks are paced: the next starts a save interval after the last one ended,
 * or four times as long as that round took if longer, so saving takes at most a fifth of the time
 * however fast texts flow (in between, the oldest waiting messages may drop out of {@link
 * UnsavedHistory}, as they would drop out of the history's retention anyway). Thread-safe.
 */
final class HistoryWriter {
    private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);
    private static final long FULL_CHUNK = 48 * 1024;

    private final HistoryStore store;
    private final Scheduler scheduler;
    private final LoginSettings settings;
    private final Account me;
    private final String peer;
    private final UnsavedHistory unsaved;
    private CompletableFuture<Boolean> round;
    private long roundStartNanos;
    private long nextRoundNanos;
    private Scheduler.Cancellable timer;
    private boolean stopped;

    HistoryWriter(
            HistoryStore store,
            Scheduler scheduler,
            LoginSettings settings,
            Account me,
            String peer,
            UnsavedHistory unsaved) {
        this.store = store;
        this.scheduler = scheduler;
        this.settings = settings;
        this.me = me;
        this.peer = peer;
        this.unsaved = unsaved;
        this.nextRoundNanos = scheduler.nanoTime();
    }

    void add(ChatMessage m) {
        unsaved.add(m);
        maybeSave();
    }

    /**
     * Saves every message waiting now (later ones may be saved with them).
     *
     * @return true when all were saved, false when a save failed (they stay waiting)
     */
    CompletableFuture<Boolean> flush() {
        return flushThrough(unsaved.lastMark());
    }

    private synchronized CompletableFuture<Boolean> flushThrough(long mark) {
        if (unsaved.savedThrough(mark)) {
            return CompletableFuture.completedFuture(true);
        }
        CompletableFuture<Boolean> step = round != null ? round : startRound();
        return step.thenCompose(ok -> ok ? flushThrough(mark) : CompletableFuture.completedFuture(false));
    }

    /** Stops the timers (the login ended); what is still waiting stays for the next login. */
    synchronized void stop() {
        stopped = true;
        cancelTimer();
    }

    private synchronized void maybeSave() {
        if (round != null || stopped || unsaved.isEmpty()) {
            return;
        }
        long untilNext = nextRoundNanos - scheduler.nanoTime();
        if (unsaved.bytes() >= FULL_CHUNK && untilNext <= 0) {
            startRound();
        } else if (timer == null) {
            Duration wait =
                    unsaved.bytes() >= FULL_CHUNK ? Duration.ofNanos(untilNext) : settings.historyFlushInterval();
            timer = scheduler.schedule(wait, () -> {
                synchronized (this) {
                    timer = null;
                    if (round == null && !stopped && !unsaved.isEmpty()) {
                        startRound();
                    }
                }
            });
        }
    }

    /** Saves what is waiting now; the caller holds the lock and no round runs. */
    private CompletableFuture<Boolean> startRound() {
        cancelTimer();
        roundStartNanos = scheduler.nanoTime();
        UnsavedHistory.Batch batch = unsaved.oldest(Integer.MAX_VALUE);
        CompletableFuture<Boolean> r = store.append(me, peer, batch.messages()).handle((ok, error) -> {
            if (error != null) {
                log.debug("history with {} not saved, retrying later: {}", peer, error.toString());
                return false;
            }
            unsaved.saved(batch);
            return true;
        });
        round = r;
        r.thenAccept(this::roundDone);
        return r;
    }

    private synchronized void roundDone(boolean ok) {
        round = null;
        long now = scheduler.nanoTime();
        long took = now - roundStartNanos;
        nextRoundNanos = now + Math.max(settings.historySaveInterval().toNanos(), 4 * took);
        if (stopped) {
            return;
        }
        if (!ok) {
            timer = scheduler.schedule(settings.retryDelay(), () -> {
                synchronized (this) {
                    timer = null;
                }
                maybeSave();
            });
            return;
        }
        maybeSave();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
