package io.confchat.api;

/** Why a node refused to store a record. */
public enum RejectionReason {
    /** A field is out of its limits or the record could not be decoded. */
    MALFORMED,
    /** The record is larger than the node accepts. */
    TOO_LARGE,
    /** The signature does not verify under the owner key. */
    INVALID_SIGNATURE,
    /** The node already holds this owner and slot with an equal or higher sequence number. */
    STALE_SEQUENCE,
    /** The record type's rules refuse it (e.g. the name belongs to another owner). */
    POLICY,
    /** The time to live exceeds what the record type allows. */
    TTL_TOO_LONG,
    /** A per-key, per-owner or per-source quota of the storing node is full. */
    QUOTA_EXCEEDED,
    /** The write token is missing, expired or was issued to another address. */
    INVALID_TOKEN
}
