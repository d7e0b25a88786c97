package io.confchat.api;

/** A record was refused, locally before sending or by the nodes asked to store it. */
public class RecordRejectedException extends ConfChatException {
    private static final long serialVersionUID = 1L;
    private final RejectionReason reason;
    private final transient PutResult result;

    public RecordRejectedException(RejectionReason reason, String message) {
        this(reason, message, null);
    }

    /** A refusal by the nodes asked, with what each answered ({@code null} for a local refusal). */
    public RecordRejectedException(RejectionReason reason, String message, PutResult result) {
        super(message);
        this.reason = reason;
        this.result = result;
    }

    /** What every node asked answered, when nodes refused it (not for a refusal before sending). */
    public java.util.Optional<PutResult> result() {
        return java.util.Optional.ofNullable(result);
    }

    /** Why the record was refused. */
    public RejectionReason reason() {
        return reason;
    }
}
