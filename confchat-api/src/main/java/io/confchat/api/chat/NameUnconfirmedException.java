package io.confchat.api.chat;

import io.confchat.api.ConfChatException;

/**
 * Thrown when who owns a username could not be confirmed right now: too few of the nodes holding
 * the name's records answered (a loaded network, lookups timing out), or too few of those that
 * answered hold one account's record (nodes that joined near the name and have no copy yet, or a
 * hostile node claiming the name alone). It is not {@link UnknownUserException}: the name may
 * well be registered, so trying again later may succeed. Meanwhile the client treats the name as
 * nobody's: it neither dials nor seals to any claimant, and shows no message as that user's.
 */
public class NameUnconfirmedException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public NameUnconfirmedException(String message) {
        super(message);
    }

    public NameUnconfirmedException(String message, Throwable cause) {
        super(message, cause);
    }
}
