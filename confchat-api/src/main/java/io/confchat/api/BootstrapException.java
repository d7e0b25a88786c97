package io.confchat.api;

/** No bootstrap node answered, so the node could not join the network. */
public class BootstrapException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public BootstrapException(String message) {
        super(message);
    }
}
