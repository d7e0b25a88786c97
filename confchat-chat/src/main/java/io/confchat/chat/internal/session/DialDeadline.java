package io.confchat.chat.internal.session;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The dial timeout of {@link SessionSettings}: a dial that gives up, closing what it opened. */
final class DialDeadline {
    private DialDeadline() {}

    /**
     * Runs {@code dial} with a result that completes as {@link DialResult.Unreachable} once the
     * dial timeout has passed; {@code opened} (the connection being made) is closed then, so
     * nothing half-open stays.
     *
     * @param what what is being made, for the message ("a session with ...")
     */
    static CompletableFuture<DialResult> run(
            SessionSettings settings,
            CompletableFuture<Channel> opened,
            String what,
            Consumer<CompletableFuture<DialResult>> dial) {
        CompletableFuture<DialResult> result = new CompletableFuture<>();
        var timeout = settings.scheduler().schedule(settings.dialTimeout(), () -> {
            if (result.complete(new DialResult.Unreachable("no " + what + " within " + settings.dialTimeout()))) {
                opened.thenAccept(Channel::close);
            }
        });
        result.whenComplete((r, e) -> timeout.cancel());
        dial.accept(result);
        return result;
    }
}
