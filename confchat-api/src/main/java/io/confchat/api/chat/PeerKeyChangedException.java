package io.confchat.api.chat;

import io.confchat.api.ConfChatException;

/**
 * Thrown when a user's name now resolves to another identity key than the one pinned at first
 * contact: the account may have been re-created, or someone impersonates it. Nothing is sent to,
 * sealed for or accepted from the new key until the application accepts it with {@link
 * ChatClient#acceptKeyChange} (after the person checked with the peer by other means).
 */
public class PeerKeyChangedException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public PeerKeyChangedException(String message) {
        super(message);
    }
}
