package io.confchat.api.chat;

import io.confchat.api.ConfChatException;

/** Thrown when an operation needs a logged-in user and there is none. */
public class NotLoggedInException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public NotLoggedInException(String message) {
        super(message);
    }

    public NotLoggedInException(String message, Throwable cause) {
        super(message, cause);
    }
}
