package io.confchat.api;

/**
 * Root of every failure conf-chat reports. Unchecked; subclasses name what went wrong and their
 * messages say what a person can do about it.
 */
public class ConfChatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfChatException(String message) {
        super(message);
    }

    public ConfChatException(String message, Throwable cause) {
        super(message, cause);
    }
}
