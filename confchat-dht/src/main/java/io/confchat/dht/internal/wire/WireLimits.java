package io.confchat.dht.internal.wire;

/** Every size limit of the DHT wire protocol, in one place. */
public final class WireLimits {
    /** Largest UDP payload: fits a 1,280-byte IPv6 minimum MTU, so no IP fragmentation. */
    public static final int MAX_DATAGRAM_BYTES = 1232;
    /** Largest TCP frame (length prefix excluded). */
    public static final int MAX_FRAME_BYTES = 256 * 1024;
    /** Budget for the records of one VALUES page over TCP; leaves room for contacts in a frame. */
    public static final int MAX_PAGE_BYTES = 192 * 1024;
    /** At most this many contacts in a reply (k). */
    public static final int MAX_CONTACTS = 20;
    /** At most this many records in one VALUES page. */
    public static final int MAX_RECORDS_PER_PAGE = 256;
    /** Length of a PING nonce. */
    public static final int NONCE_BYTES = 16;
    /** Largest write token. */
    public static final int MAX_TOKEN_BYTES = 32;
    /** Largest paging cursor (an owner key and a slot). */
    public static final int MAX_CURSOR_BYTES = 32 + 64;
    /** Longest refusal detail in a STORE_RESULT. */
    public static final int MAX_DETAIL_CHARS = 200;
    /** Longest protocol id in the first frame of a TCP connection. */
    public static final int MAX_PROTOCOL_ID_BYTES = 64;
    /** The protocol version this code speaks. */
    public static final int VERSION = 1;

    private WireLimits() {}
}
