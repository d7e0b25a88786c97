package io.confchat.chat.internal.login;

import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.inbox.InboxReader;
import io.confchat.chat.internal.inbox.Outbox;
import io.confchat.dht.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One login's inbox and outbox checks: at login and every poll interval, new inbox messages go to
 * {@link Inbound}; then the outbox learns which of its messages were acknowledged (and puts the
 * others again). One check at a time. Thread-safe.
 */
final class InboxPolling {
    private final Scheduler scheduler;
    private final Duration interval;
    private final InboxReader reader;
    private final Outbox outbox;
    private final Inbound inbound;
    private final Account me;
    private final Supplier<CompletableFuture<Void>> before;
    private Scheduler.Cancellable next = () -> {};
    private boolean stopped;

    /**
     * @param before what comes before each periodic check (the groups' key backups read again where
     *     they could not be: {@link GroupsFromBackup#again})
     */
    InboxPolling(
            Scheduler scheduler,
            Duration interval,
            InboxReader reader,
            Outbox outbox,
            Inbound inbound,
            Account me,
            Supplier<CompletableFuture<Void>> before) {
        this.scheduler = scheduler;
        this.before = before;
        this.interval = interval;
        this.reader = reader;
        this.outbox = outbox;
        this.inbound = inbound;
        this.me = me;
    }

    /**
     * Fetches the inbox now; completes when its new messages are shown and saved and the inbox is
     * acknowledged for what is done (nothing before it is saved: a crash in between loses nothing,
     * the items are read again and recognised).
     */
    CompletableFuture<Void> fetch() {
        return reader.read(
                        me,
                        o -> inbound.known(o.senderIdentityKey(), o.message().id()))
                .thenCompose(batch ->
                        inbound.fromInbox(batch.arrivals()).thenCompose(done -> reader.acknowledge(me, batch, done)));
    }

    /** Checks again every interval until {@link #stop}. */
    synchronized void start() {
        if (stopped) {
            return;
        }
        next = scheduler.schedule(
                interval,
                () -> before.get()
                        .handle((x, error) -> null)
                        .thenCompose(x -> fetch())
                        .handle((x, error) -> null)
                        .thenCompose(x -> outbox.poll())
                        .whenComplete((x, error) -> start()));
    }

    synchronized void stop() {
        stopped = true;
        next.cancel();
    }
}
