package io.confchat.api;

/** The operation was asked of, or was still running on, a node that has been closed. */
public class NodeClosedException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public NodeClosedException(String message) {
        super(message);
    }
}
