package io.confchat.dht.internal.storage;

import io.confchat.api.RejectionReason;

/** Whether a record was stored: {@code refusal} is null when it was. */
public record Acceptance(RejectionReason refusal, String detail) {
    private static final Acceptance STORED = new Acceptance(null, "");

    public static Acceptance stored() {
        return STORED;
    }

    public static Acceptance refused(RejectionReason reason, String detail) {
        return new Acceptance(reason, detail);
    }

    public boolean isStored() {
        return refusal == null;
    }
}
