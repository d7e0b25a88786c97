package io.confchat.api;

/** A record was refused, locally before sending or by the nodes asked to store it. */
public class RecordRejectedException extends ConfChatException {
    private static final long serialVersionUID = 1L;
    private final RejectionReason reason;

    public RecordRejectedException(RejectionReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the record was refused. */
    public RejectionReason reason() {
        return reason;
    }
}
