package io.confchat.api.chat;

import io.confchat.api.ConfChatException;

/**
 * Thrown when as many of the nodes holding a username's records return one account as another
 * (see {@link NameConflict}): no majority says who owns the name, so the client neither dials nor
 * seals to either. It resolves once one claimant prevails, e.g. when the nodes of a healed network
 * split have republished their records.
 */
public class NameContestedException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public NameContestedException(String message) {
        super(message);
    }
}
