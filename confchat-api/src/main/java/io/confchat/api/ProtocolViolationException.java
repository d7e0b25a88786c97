package io.confchat.api;

/**
 * Bytes from the network broke the wire protocol: too large, truncated, malformed, or outside a
 * limit. Nodes drop such input with a debug log and keep serving.
 */
public class ProtocolViolationException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public ProtocolViolationException(String message) {
        super(message);
    }

    public ProtocolViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
