package io.confchat.api.chat;

import io.confchat.api.ConfChatException;

/** Thrown when a password the policy refuses (too short, or over bcrypt's 72 bytes). */
public class WeakPasswordException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public WeakPasswordException(String message) {
        super(message);
    }

    public WeakPasswordException(String message, Throwable cause) {
        super(message, cause);
    }
}
