package io.confchat.cli;

/** A failure a command reports as one line on stderr, with exit code 1 and no stack trace. */
final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliFailure(String message) {
        super(message);
    }
}
