package io.confchat.api;

/** Fewer nodes stored a record than required; {@link #result()} tells who answered what. */
public class PutFailedException extends ConfChatException {
    private static final long serialVersionUID = 1L;
    private final transient PutResult result;

    public PutFailedException(String message, PutResult result) {
        super(message);
        this.result = result;
    }

    /** The outcome of the attempt. */
    public PutResult result() {
        return result;
    }
}
