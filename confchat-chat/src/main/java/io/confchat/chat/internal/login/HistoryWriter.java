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
    private long timerDueNanos;
    private boolean stopped;
    /** Waiting bytes at which {@link #add} must look again (read without the lock: the hot path). */
    private volatile long attentionBytes;

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
        if (unsaved.add(m) >= attentionBytes) {
            maybeSave();
        }
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
        if (round != null || stopped) {
            attentionBytes = Long.MAX_VALUE; // the round's end, or nothing, looks again
            return;
        }
        if (unsaved.isEmpty()) {
            attentionBytes = 0;
            return;
        }
        long now = scheduler.nanoTime();
        if (unsaved.bytes() >= FULL_CHUNK) {
            if (nextRoundNanos - now <= 0) {
                startRound();
                return;
            }
            if (timer == null || timerDueNanos > nextRoundNanos) {
                schedule(nextRoundNanos - now); // a full chunk does not wait for the quiet flush
            }
            attentionBytes = Long.MAX_VALUE;
        } else {
            if (timer == null) {
                schedule(settings.historyFlushInterval().toNanos());
            }
            attentionBytes = FULL_CHUNK;
        }
    }

    private void schedule(long delayNanos) {
        cancelTimer();
        timerDueNanos = scheduler.nanoTime() + delayNanos;
        timer = scheduler.schedule(Duration.ofNanos(delayNanos), () -> {
            synchronized (this) {
                timer = null;
                if (round == null && !stopped && !unsaved.isEmpty()) {
                    startRound();
                }
            }
        });
    }

    /** Saves what is waiting now; the caller holds the lock and no round runs. */
    private CompletableFuture<Boolean> startRound() {
        cancelTimer();
        attentionBytes = Long.MAX_VALUE;
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
            schedule(settings.retryDelay().toNanos()); // and nothing sooner
            attentionBytes = Long.MAX_VALUE;
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
