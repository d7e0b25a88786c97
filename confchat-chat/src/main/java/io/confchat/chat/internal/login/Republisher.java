package io.confchat.chat.internal.login;

import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.Accounts;
import io.confchat.chat.internal.history.ChatListStore;
import io.confchat.chat.internal.history.HistoryStore;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a logged-in user's long-lived records alive: they live a year from their last put, so at
 * login and at every check interval the user record and directory entry are put again, and the
 * chat list and each conversation's history are written again where they were written longer ago
 * than the refresh age. The conversations go one after the other, so a check never floods the
 * network; a failure is logged and the next check tries again. One check at a time. Thread-safe.
 */
final class Republisher {
    private static final Logger log = LoggerFactory.getLogger(Republisher.class);

    private final Accounts accounts;
    private final ChatListStore chatList;
    private final HistoryStore history;
    private final Scheduler scheduler;
    private final Account me;
    private final Duration olderThan;
    private final Duration interval;
    private Scheduler.Cancellable next = () -> {};
    private boolean stopped;

    Republisher(
            Accounts accounts,
            ChatListStore chatList,
            HistoryStore history,
            Scheduler scheduler,
            Account me,
            Duration olderThan,
            Duration interval) {
        this.accounts = accounts;
        this.chatList = chatList;
        this.history = history;
        this.scheduler = scheduler;
        this.me = me;
        this.olderThan = olderThan;
        this.interval = interval;
    }

    /** Checks now, then every interval until {@link #stop}. */
    void start() {
        check().whenComplete((x, error) -> scheduleNext());
    }

    private synchronized void scheduleNext() {
        if (!stopped) {
            next = scheduler.schedule(interval, () -> check().whenComplete((x, error) -> scheduleNext()));
        }
    }

    synchronized void stop() {
        stopped = true;
        next.cancel();
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    /**
     * One check: the account's records, the chat list, then each conversation's history in turn.
     *
     * @return completes when done; never fails
     */
    CompletableFuture<Void> check() {
        Instant cutoff = scheduler.now().minus(olderThan);
        return logged(accounts.refresh(me), "account records")
                .thenCompose(x -> logged(chatList.refresh(me, cutoff), "chat list"))
                .thenCompose(x -> chatList.read(me).handle((entries, error) -> {
                    if (error != null) {
                        log.debug("chat list unreadable, histories not refreshed now: {}", error.toString());
                        return List.<String>of();
                    }
                    return new ArrayList<>(entries.keySet());
                }))
                .thenCompose(peers -> histories(peers, 0, cutoff));
    }

    private CompletableFuture<Void> histories(List<String> peers, int i, Instant cutoff) {
        if (i >= peers.size() || isStopped()) {
            return CompletableFuture.completedFuture(null);
        }
        return logged(history.refresh(me, peers.get(i), cutoff), "history with " + peers.get(i))
                .thenCompose(x -> histories(peers, i + 1, cutoff));
    }

    private static CompletableFuture<Void> logged(CompletableFuture<?> refresh, String what) {
        return refresh.handle((x, error) -> {
            if (error != null) {
                log.debug("{} not refreshed now: {}", what, error.toString());
            }
            return null;
        });
    }
}
