package io.confchat.chat.internal.records;

import java.time.Duration;

/** The record types of the chat layer and their lifetimes. */
public final class RecordTypes {
    public static final String USER = "user";
    /** The first directory's entries: 16 shards listing everyone, read by older clients only. */
    public static final String DIRECTORY = "directory";
    /** A name in a page of the user directory (prefix pages and everyone pages). */
    public static final String NAME = "name";

    public static final String PRESENCE = "presence";
    public static final String INBOX = "inbox";
    public static final String INBOX_ACK = "inbox-ack";
    public static final String HISTORY = "history";
    public static final String CHATS = "chats";
    /**
     * What a login on another node needs to read a group the user holds (chain positions and
     * membership head), sealed under the user's storage key: one record per group.
     */
    public static final String GROUP_KEYS = "group-keys";

    /** Accounts, directory entries, history and chat lists live a year, refreshed at each login. */
    public static final Duration LONG_LIVED = Duration.ofDays(365);
    /** Longest presence ttl a storing node accepts. */
    public static final Duration MAX_PRESENCE_TTL = Duration.ofMinutes(10);
    /** Longest an offline message (and its acknowledgement) waits in an inbox. */
    public static final Duration INBOX_TTL = Duration.ofDays(30);

    private RecordTypes() {}
}
