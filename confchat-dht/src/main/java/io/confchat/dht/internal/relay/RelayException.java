package io.confchat.dht.internal.relay;

import io.confchat.api.ConfChatException;

/** A circuit or reservation could not be set up through a relay; the message says why. */
public final class RelayException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public RelayException(String message) {
        super(message);
    }
}
