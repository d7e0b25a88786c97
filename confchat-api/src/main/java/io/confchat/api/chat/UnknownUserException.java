package io.confchat.api.chat;

import io.confchat.api.ConfChatException;

/** Thrown when no account has the username. */
public class UnknownUserException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public UnknownUserException(String message) {
        super(message);
    }

    public UnknownUserException(String message, Throwable cause) {
        super(message, cause);
    }
}
