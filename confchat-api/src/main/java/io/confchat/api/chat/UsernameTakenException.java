package io.confchat.api.chat;

import io.confchat.api.ConfChatException;

/** Thrown when another account already owns the username. */
public class UsernameTakenException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public UsernameTakenException(String message) {
        super(message);
    }

    public UsernameTakenException(String message, Throwable cause) {
        super(message, cause);
    }
}
