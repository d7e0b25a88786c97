package io.confchat.cli;

import io.confchat.api.BootstrapException;
import io.confchat.api.ConfChatException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** One line a person can act on, for any failure a command meets. */
final class Failures {
    private Failures() {}

    static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof BootstrapException) {
            return "no node answered (" + cause.getMessage() + "); is the supernode running at that address?";
        }
        if (cause instanceof ConfChatException
                || cause instanceof CliFailure
                || cause instanceof IllegalArgumentException
                || cause instanceof IllegalStateException) {
            return cause.getMessage();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
    }
}
