package io.confchat.api.chat;

import io.confchat.api.ConfChatException;

/** Thrown when a username outside the allowed form (3 to 32 of a-z, 0-9, '.', '_', '-'). */
public class InvalidUsernameException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public InvalidUsernameException(String message) {
        super(message);
    }

    public InvalidUsernameException(String message, Throwable cause) {
        super(message, cause);
    }
}
