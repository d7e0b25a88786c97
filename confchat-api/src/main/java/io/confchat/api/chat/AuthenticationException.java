package io.confchat.api.chat;

import io.confchat.api.ConfChatException;

/** Thrown when the username or the password is wrong (the same message for both, so nobody learns which names exist). */
public class AuthenticationException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
