package io.confchat.chat.internal.records;

import io.confchat.api.PutFailedException;
import io.confchat.api.PutResult;
import io.confchat.api.RecordRejectedException;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * What every node asked answered to a put, whether the put completed or failed because too few
 * stored it: callers that weigh the answers (a name taken, a page full: the majority decides)
 * need them in both cases.
 */
public final class PutOutcome {
    private PutOutcome() {}

    /**
     * The answers behind a put's completion or failure; empty when the failure is not the nodes'
     * answers (no node reached, the record refused before sending).
     */
    public static Optional<PutResult> of(PutResult ok, Throwable error) {
        if (error == null) {
            return Optional.of(ok);
        }
        Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
        if (cause instanceof PutFailedException failed) {
            return Optional.ofNullable(failed.result());
        }
        if (cause instanceof RecordRejectedException rejected) {
            return rejected.result();
        }
        return Optional.empty();
    }

    /** How many of the nodes that answered a put refused it with this detail. */
    public static int refusedAs(PutResult result, String detail) {
        return (int) result.refusals().stream()
                .filter(r -> detail.equals(r.detail()))
                .count();
    }

    /** Nodes that answered: stored or refused. */
    public static int answered(PutResult result) {
        return result.stored() + result.refusals().size();
    }

    /** Rethrows a failure unchanged (wrapped as completion stages expect). */
    public static CompletionException rethrow(Throwable error) {
        return error instanceof CompletionException c ? c : new CompletionException(error);
    }
}
