package io.confchat.api.chat;

import io.confchat.api.ConfChatException;

/** Thrown when a message could be neither delivered live nor stored in the peer's inbox. */
public class PeerUnreachableException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public PeerUnreachableException(String message) {
        super(message);
    }

    public PeerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
